// SARIF 2.1.0 output, as GitHub code scanning reads it: one run, the rules that fired in
// tool.driver.rules (help text, a help URI to the rule's section of docs/rules.md, and for
// security rules the "security" tag and a security-severity score), results pointing at them by
// id and index, columns in Unicode code points (run.columnKind), and fixes as artifact
// replacements.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "cli/check_report.h"
#include "cli/security_severity.h"
#include "rules/registry.h"
#include "rules/rule_doc.h"
#include "whalesafe/version.h"

namespace whalesafe::cli {
namespace {

using nlohmann::json;

// Where each rule is documented: its section of docs/rules.md (the language server's
// codeDescription links to the same place).
constexpr std::string_view kRuleDocsUrl =
    "https://github.com/whalesafe/whalesafe/blob/main/docs/rules.md#";

std::string_view level_of(findings::Severity s) {
  switch (s) {
    case findings::Severity::kError:
      return "error";
    case findings::Severity::kWarning:
      return "warning";
    case findings::Severity::kInfo:
    case findings::Severity::kStyle:
      return "note";
  }
  return "note";
}

// A relative URI reference for a path: forward slashes, no leading "./", and every byte
// outside RFC 3986's unreserved set and "/" percent-encoded.
std::string uri_of(std::string_view path) {
  std::string p(path);
  for (char& c : p) c = c == '\\' ? '/' : c;
  while (p.starts_with("./")) p.erase(0, 2);
  std::string out;
  for (const char c : p) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || std::string_view("-._~/").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", b);
    }
  }
  return out;
}

json region(const syntax::LineCol& start, const syntax::LineCol& end) {
  return {{"startLine", start.line},
          {"startColumn", start.column},
          {"endLine", end.line},
          {"endColumn", end.column}};
}

json rule_descriptor(const rules::Rule& rule) {
  const rules::RuleInfo& i = rule.info;
  json tags = json::array();
  json properties = json::object();
  if (const std::optional<double> score = security_severity(i.slug)) {
    tags.push_back("security");
    // A string, as code scanning expects it ("7.5"), with one decimal.
    properties["security-severity"] = fmt::format("{:.1f}", *score);
  }
  for (std::string_view a : i.aliases) tags.push_back(a);
  properties["tags"] = tags;
  // Rules report patterns they see in the text, not guesses about the build.
  properties["precision"] = "high";
  return {{"id", i.slug},
          {"name", i.slug},
          {"shortDescription", {{"text", i.summary}}},
          {"fullDescription", {{"text", i.doc.what}}},
          {"help", {{"text", std::string(i.doc.why)}, {"markdown", rules::rule_markdown(rule)}}},
          {"helpUri", fmt::format("{}{}", kRuleDocsUrl, i.slug)},
          {"defaultConfiguration", {{"level", level_of(i.severity)}}},
          {"properties", properties}};
}

}  // namespace

void write_sarif(std::ostream& out, const std::vector<FileReport>& reports) {
  std::map<std::string, std::size_t> rule_index;
  json rules_json = json::array();
  json results = json::array();
  for (const FileReport& r : reports) {
    const std::string uri = uri_of(r.path);
    for (const ReportedFinding& f : r.findings) {
      const findings::Diagnostic& d = f.diagnostic;
      auto [it, inserted] = rule_index.emplace(d.rule, rules_json.size());
      if (inserted) {
        const rules::Rule* rule = rules::find_rule(d.rule);
        rules_json.push_back(rule != nullptr ? rule_descriptor(*rule) : json{{"id", d.rule}});
      }
      json result = {
          {"ruleId", d.rule},
          {"ruleIndex", it->second},
          {"level", level_of(d.severity)},
          {"message", {{"text", d.message}}},
          {"locations", json::array({{{"physicalLocation",
                                       {{"artifactLocation", {{"uri", uri}}},
                                        {"region", region(f.start, f.end)}}}}})},
      };
      if (d.fix) {
        json replacements = json::array();
        for (const ReportedEdit& e : f.edits) {
          replacements.push_back({{"deletedRegion", region(e.start, e.end)},
                                  {"insertedContent", {{"text", e.new_text}}}});
        }
        result["fixes"] =
            json::array({{{"description", {{"text", d.fix->description}}},
                          {"artifactChanges", json::array({{{"artifactLocation", {{"uri", uri}}},
                                                            {"replacements", replacements}}})}}});
      }
      results.push_back(std::move(result));
    }
  }
  const json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({{{"tool",
                              {{"driver",
                                {{"name", "whalesafe"},
                                 {"version", WHALESAFE_VERSION},
                                 {"semanticVersion", WHALESAFE_VERSION},
                                 {"rules", rules_json}}}}},
                             {"columnKind", "unicodeCodePoints"},
                             {"results", results}}})},
  };
  out << log.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace whalesafe::cli
