#include "rules/flag_removal.h"

#include <cctype>

namespace whalesafe::rules {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// A word ends here: a blank, the end of a line or of the text, or a shell operator.
bool word_boundary_after(std::string_view text, uint32_t at, char escape) {
  if (at >= text.size()) return true;
  const char c = text[at];
  return blank(c) || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == ')' ||
         c == escape;
}

std::optional<findings::TextEdit> remove_range(std::string_view text, uint32_t start, uint32_t end,
                                               char escape) {
  if (start >= end || end > text.size()) return std::nullopt;
  if (text.substr(start, end - start).find('\n') != std::string_view::npos) return std::nullopt;
  const char before = start > 0 ? text[start - 1] : '\n';
  if (std::isalnum(static_cast<unsigned char>(before)) != 0 || before == '-') {
    // Letters inside a cluster such as -fsSLk: the option has no value here.
    return findings::TextEdit{start, end, ""};
  }
  if (!blank(before) || !word_boundary_after(text, end, escape)) return std::nullopt;
  uint32_t from = start;
  while (from > 0 && blank(text[from - 1])) --from;
  const bool line_start = from == 0 || text[from - 1] == '\n';
  if (!line_start) return findings::TextEdit{from, end, ""};
  // First word of a continued line: drop the whole line when nothing else is on it.
  uint32_t to = end;
  while (to < text.size() && blank(text[to])) ++to;
  if (to + 1 < text.size() && text[to] == escape && text[to + 1] == '\n') {
    return findings::TextEdit{from, to + 2, ""};
  }
  if (to + 2 < text.size() && text[to] == escape && text[to + 1] == '\r' && text[to + 2] == '\n') {
    return findings::TextEdit{from, to + 3, ""};
  }
  // Otherwise keep the indentation and the blank after it.
  return findings::TextEdit{start, to, ""};
}

}  // namespace

std::optional<findings::TextEdit> flag_removal(std::string_view doc_text, const shell::Flag& flag,
                                               char escape) {
  if (flag.span.doc.pieces.size() != 1) return std::nullopt;
  uint32_t end = flag.span.doc.covering.end;
  if (flag.value_span) {
    if (flag.value_span->doc.pieces.size() != 1) return std::nullopt;
    end = std::max(end, flag.value_span->doc.covering.end);
  }
  return remove_range(doc_text, flag.span.doc.covering.start, end, escape);
}

std::optional<findings::TextEdit> word_removal(std::string_view doc_text,
                                               const shell::MappedRange& word, char escape) {
  if (word.pieces.size() != 1) return std::nullopt;
  return remove_range(doc_text, word.covering.start, word.covering.end, escape);
}

}  // namespace whalesafe::rules
