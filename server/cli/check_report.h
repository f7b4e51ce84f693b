// The results of `whalesafe check` in a form every output format can print: each finding with
// 1-based line/column positions (columns count Unicode characters; end positions point just
// past the range, as in SARIF), and the source text for excerpts.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "syntax/document.h"

namespace whalesafe::cli {

struct ReportedEdit {
  syntax::LineCol start;
  syntax::LineCol end;
  std::string new_text;
};

struct ReportedFinding {
  findings::Diagnostic diagnostic;
  syntax::LineCol start;
  syntax::LineCol end;
  std::vector<ReportedEdit> edits;  // the fix's edits, when there is a fix
};

struct FileReport {
  std::string path;  // as shown: the argument or discovered path, "<stdin>" for "-"
  std::string text;  // the file's content (for excerpts)
  std::vector<ReportedFinding> findings;
};

// Converts byte offsets to positions.
FileReport make_report(std::string path, const syntax::Document& document,
                       std::vector<findings::Diagnostic> diagnostics);

enum class ReportFormat { kText, kJson, kSarif, kCheckstyle, kGitlab };

struct ReportOptions {
  bool color = false;  // text only: ANSI colors
};

void write_text(std::ostream& out, const std::vector<FileReport>& reports,
                const ReportOptions& options);
void write_json(std::ostream& out, const std::vector<FileReport>& reports);
void write_sarif(std::ostream& out, const std::vector<FileReport>& reports);
void write_checkstyle(std::ostream& out, const std::vector<FileReport>& reports);
// GitLab's code quality report (Code Climate issues).
void write_gitlab(std::ostream& out, const std::vector<FileReport>& reports);

}  // namespace whalesafe::cli
