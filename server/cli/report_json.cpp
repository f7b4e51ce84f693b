// JSON output: an array of findings, one object each (see docs/check.md for the fields).
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/check_report.h"
#include "rules/registry.h"

namespace whalesafe::cli {

void write_json(std::ostream& out, const std::vector<FileReport>& reports) {
  nlohmann::json array = nlohmann::json::array();
  for (const FileReport& r : reports) {
    for (const ReportedFinding& f : r.findings) {
      const findings::Diagnostic& d = f.diagnostic;
      nlohmann::json aliases = nlohmann::json::array();
      if (const rules::Rule* rule = rules::find_rule(d.rule)) {
        for (std::string_view a : rule->info.aliases) aliases.push_back(a);
      }
      if (!d.code.empty()) aliases.push_back(d.code);  // another tool's ID for this finding
      nlohmann::json item = {
          {"file", r.path},
          {"rule", d.rule},
          {"severity", findings::severity_name(d.severity)},
          {"message", d.message},
          {"line", f.start.line},
          {"column", f.start.column},
          {"end_line", f.end.line},
          {"end_column", f.end.column},
          {"aliases", aliases},
      };
      if (d.fix) {
        nlohmann::json edits = nlohmann::json::array();
        for (const ReportedEdit& e : f.edits) {
          edits.push_back({{"line", e.start.line},
                           {"column", e.start.column},
                           {"end_line", e.end.line},
                           {"end_column", e.end.column},
                           {"new_text", e.new_text}});
        }
        item["fix"] = {{"description", d.fix->description},
                       {"applicability",
                        d.fix->applicability == findings::Applicability::kSafe ? "safe" : "unsafe"},
                       {"edits", edits}};
      }
      array.push_back(std::move(item));
    }
  }
  // Invalid UTF-8 in a message (quoted from the file) is replaced rather than thrown on.
  out << array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace whalesafe::cli
