#include "cli/check_report.h"

namespace whalesafe::cli {

FileReport make_report(std::string path, const syntax::Document& document,
                       std::vector<findings::Diagnostic> diagnostics) {
  FileReport report;
  report.path = std::move(path);
  report.text = document.text();
  for (findings::Diagnostic& d : diagnostics) {
    ReportedFinding f;
    f.start = document.line_col(d.start_byte);
    f.end = document.line_col(d.end_byte);
    if (d.fix) {
      for (const findings::TextEdit& e : d.fix->edits) {
        f.edits.push_back(
            {document.line_col(e.start_byte), document.line_col(e.end_byte), e.new_text});
      }
    }
    f.diagnostic = std::move(d);
    report.findings.push_back(std::move(f));
  }
  return report;
}

}  // namespace whalesafe::cli
