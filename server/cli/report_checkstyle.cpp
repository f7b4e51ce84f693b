// Checkstyle XML output (the format CI plugins such as Jenkins' warnings-ng read).
#include <fmt/format.h>

#include <ostream>

#include "cli/check_report.h"

namespace whalesafe::cli {
namespace {

// Escapes XML special characters; control characters other than tab/newline are not allowed
// in XML 1.0 and become U+FFFD.
std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string_view checkstyle_severity(findings::Severity s) {
  switch (s) {
    case findings::Severity::kError:
      return "error";
    case findings::Severity::kWarning:
      return "warning";
    case findings::Severity::kInfo:
    case findings::Severity::kStyle:
      return "info";
  }
  return "info";
}

}  // namespace

void write_checkstyle(std::ostream& out, const std::vector<FileReport>& reports) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const FileReport& r : reports) {
    out << fmt::format("  <file name=\"{}\">\n", xml_escape(r.path));
    for (const ReportedFinding& f : r.findings) {
      const findings::Diagnostic& d = f.diagnostic;
      out << fmt::format(
          "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" "
          "source=\"whalesafe.{}\"/>\n",
          f.start.line, f.start.column, checkstyle_severity(d.severity), xml_escape(d.message),
          xml_escape(d.rule));
    }
    out << "  </file>\n";
  }
  out << "</checkstyle>\n";
}

}  // namespace whalesafe::cli
