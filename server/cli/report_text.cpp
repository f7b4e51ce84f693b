// Text output: `file:line:col: severity[slug] message`, then the source line with the range
// underlined (to the end of the line when the range spans several lines).
#include <fmt/format.h>

#include <ostream>

#include "cli/check_report.h"
#include "syntax/go_text.h"

namespace whalesafe::cli {
namespace {

std::string_view color_of(findings::Severity s) {
  switch (s) {
    case findings::Severity::kError:
      return "\x1b[1;31m";
    case findings::Severity::kWarning:
      return "\x1b[1;33m";
    case findings::Severity::kInfo:
      return "\x1b[1;36m";
    case findings::Severity::kStyle:
      return "\x1b[1;35m";
  }
  return "";
}

// The text of 1-based `line`, without its line ending.
std::string_view line_text(std::string_view text, uint32_t line) {
  std::size_t start = 0;
  for (uint32_t l = 1; l < line; ++l) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

// Number of characters (code points; invalid bytes count one each) in `s`, tabs kept as tabs
// by the caller.
std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) i += syntax::go::decode_rune(s.substr(i)).width;
  return n;
}

}  // namespace

void write_text(std::ostream& out, const std::vector<FileReport>& reports,
                const ReportOptions& options) {
  const std::string_view bold = options.color ? "\x1b[1m" : "";
  const std::string_view reset = options.color ? "\x1b[0m" : "";
  std::size_t total = 0;
  std::size_t safe = 0;
  std::size_t unsafe = 0;
  for (const FileReport& r : reports) {
    for (const ReportedFinding& f : r.findings) {
      const findings::Diagnostic& d = f.diagnostic;
      ++total;
      const bool is_safe = d.fix && d.fix->applicability == findings::Applicability::kSafe;
      safe += is_safe;
      unsafe += d.fix && !is_safe;
      const std::string_view fix_note =
          !d.fix ? "" : (is_safe ? " (fixable)" : " (unsafe fix available)");
      const std::string_view sev_color = options.color ? color_of(d.severity) : "";
      out << fmt::format("{}{}:{}:{}:{} {}{}{}[{}] {}{}\n", bold, r.path, f.start.line,
                         f.start.column, reset, sev_color, findings::severity_name(d.severity),
                         reset, d.rule, d.message, fix_note);
      const std::string_view source = line_text(r.text, f.start.line);
      const std::string number = std::to_string(f.start.line);
      const std::string gutter(number.size(), ' ');
      // Tabs stay tabs in the underline so it lines up whatever the terminal's tab width.
      std::string pad;
      std::size_t col = 1;
      for (std::size_t i = 0; i < source.size() && col < f.start.column; ++col) {
        const std::size_t w = syntax::go::decode_rune(source.substr(i)).width;
        pad += source[i] == '\t' ? '\t' : ' ';
        i += w;
      }
      const std::size_t line_chars = char_count(source);
      std::size_t width = 1;
      if (f.end.line == f.start.line && f.end.column > f.start.column) {
        width = f.end.column - f.start.column;
      } else if (f.end.line > f.start.line && line_chars + 1 > f.start.column) {
        width = line_chars + 1 - f.start.column;
      }
      out << fmt::format(" {} | {}\n {} | {}{}{}{}\n", number, source, gutter, pad, sev_color,
                         std::string(width, '^'), reset);
    }
  }
  if (total > 0) {
    out << fmt::format("Found {} problem{}", total, total == 1 ? "" : "s");
    if (safe > 0 && unsafe > 0) {
      out << fmt::format(" ({} fixable with --fix, {} more with --fix --unsafe-fixes)", safe,
                         unsafe);
    } else if (safe > 0) {
      out << fmt::format(" ({} fixable with --fix)", safe);
    } else if (unsafe > 0) {
      out << fmt::format(" ({} fixable with --fix --unsafe-fixes)", unsafe);
    }
    out << ".\n";
  }
}

}  // namespace whalesafe::cli
