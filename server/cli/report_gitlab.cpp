// GitLab's code quality report (the Code Climate issue format GitLab reads from a job's
// `artifacts:reports:codequality`): a JSON array of issues, each with a description, the rule as
// check_name, a severity (info, minor, major, critical, blocker), a location (path and lines)
// and a fingerprint. GitLab compares the fingerprints of the merge request's report with the
// target branch's to tell new findings from fixed ones, so a fingerprint must not change when
// unrelated lines move: it hashes the path, the rule, the message and the flagged text, plus the
// finding's rank among identical ones in the file, never the line number.
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>

#include "cli/check_report.h"
#include "registry/content_digest.h"

namespace whalesafe::cli {
namespace {

using nlohmann::json;

std::string_view severity_of(findings::Severity s) {
  switch (s) {
    case findings::Severity::kError:
      return "critical";
    case findings::Severity::kWarning:
      return "major";
    case findings::Severity::kInfo:
      return "minor";
    case findings::Severity::kStyle:
      return "info";
  }
  return "info";
}

// The finding's source text (its range in the file), for the fingerprint.
std::string flagged_text(const FileReport& report, const findings::Diagnostic& d) {
  if (d.start_byte > d.end_byte || d.end_byte > report.text.size()) return {};
  return report.text.substr(d.start_byte, d.end_byte - d.start_byte);
}

// GitLab shows paths relative to the repository root: no leading "./".
std::string path_of(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  return std::string(path);
}

}  // namespace

void write_gitlab(std::ostream& out, const std::vector<FileReport>& reports) {
  json issues = json::array();
  for (const FileReport& r : reports) {
    const std::string path = path_of(r.path);
    std::map<std::tuple<std::string, std::string, std::string>, int> seen;
    for (const ReportedFinding& f : r.findings) {
      const findings::Diagnostic& d = f.diagnostic;
      const std::string text = flagged_text(r, d);
      const int rank = seen[{d.rule, d.message, text}]++;
      // NUL separators keep ("a", "bc") and ("ab", "c") apart.
      std::string key;
      for (const std::string_view part : {std::string_view(path), std::string_view(d.rule),
                                          std::string_view(d.message), std::string_view(text)}) {
        key.append(part);
        key.push_back('\0');
      }
      key += std::to_string(rank);
      std::string fingerprint = registry::sha256_digest(key);
      if (const std::size_t colon = fingerprint.find(':'); colon != std::string::npos) {
        fingerprint.erase(0, colon + 1);
      }
      issues.push_back({
          {"type", "issue"},
          {"check_name", d.rule},
          {"description", d.message},
          {"categories", json::array({"Bug Risk"})},
          {"severity", severity_of(d.severity)},
          {"fingerprint", fingerprint},
          {"location",
           {{"path", path},
            {"lines", {{"begin", f.start.line}, {"end", f.end.line}}},
            {"positions",
             {{"begin", {{"line", f.start.line}, {"column", f.start.column}}},
              {"end", {{"line", f.end.line}, {"column", f.end.column}}}}}}},
      });
    }
  }
  out << issues.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace whalesafe::cli
