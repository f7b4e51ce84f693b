#include "rewrites/user_lines.h"

#include <algorithm>
#include <charconv>

namespace whalesafe::rewrites {

std::string_view line_ending(std::string_view text) {
  const std::size_t lf = text.find('\n');
  return lf != std::string_view::npos && lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
}

uint32_t line_begin(std::string_view text, uint32_t byte) {
  if (byte > text.size()) byte = static_cast<uint32_t>(text.size());
  const std::size_t lf = byte == 0 ? std::string_view::npos : text.rfind('\n', byte - 1);
  return lf == std::string_view::npos ? 0 : static_cast<uint32_t>(lf + 1);
}

uint32_t line_end(std::string_view text, uint32_t byte) {
  const std::size_t lf = text.find('\n', byte);
  return lf == std::string_view::npos ? static_cast<uint32_t>(text.size())
                                      : static_cast<uint32_t>(lf + 1);
}

findings::TextEdit insert_lines_after(std::string_view text, uint32_t byte,
                                      const std::vector<std::string>& lines) {
  const std::string_view eol = line_ending(text);
  const uint32_t at = line_end(text, byte);
  std::string inserted;
  // The last line has no line feed: the new lines go after one, and end without one.
  const bool unterminated = at == text.size() && (text.empty() || text.back() != '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (unterminated) inserted.append(eol);
    inserted.append(lines[i]);
    if (!unterminated) inserted.append(eol);
  }
  return {at, at, inserted};
}

findings::TextEdit delete_lines(std::string_view text, uint32_t start, uint32_t end) {
  uint32_t from = line_begin(text, start);
  const uint32_t to = line_end(text, end > start ? end - 1 : start);
  // The last line without a line feed: take the line ending before it with it (and those of
  // blank lines before that: the text kept must not end with one).
  if (to == text.size() && (text.empty() || text.back() != '\n')) {
    from = before_line_endings(text, from);
  }
  return {from, to, ""};
}

uint32_t before_line_endings(std::string_view text, uint32_t at) {
  while (at > 0 && text[at - 1] == '\n') at -= at >= 2 && text[at - 2] == '\r' ? 2 : 1;
  return at;
}

std::optional<FrontendVersion> syntax_frontend_version(const syntax::Directives& directives) {
  for (const syntax::Directive& d : directives.directives) {
    if (d.name != "syntax") continue;
    std::string_view ref = d.value;
    const std::size_t at = ref.find('@');
    if (at != std::string_view::npos) ref = ref.substr(0, at);
    const std::size_t colon = ref.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view name = ref.substr(0, colon);
    if (name != "docker/dockerfile" && name != "docker.io/docker/dockerfile" &&
        name != "docker/dockerfile-upstream" && name != "docker.io/docker/dockerfile-upstream") {
      return std::nullopt;
    }
    const std::string_view tag = ref.substr(colon + 1);
    FrontendVersion v;
    const char* end = tag.data() + tag.size();
    auto [p, ec] = std::from_chars(tag.data(), end, v.major);
    if (ec != std::errc() || p == end || *p != '.') return std::nullopt;
    auto [q, ec2] = std::from_chars(p + 1, end, v.minor);
    if (ec2 != std::errc()) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

std::optional<findings::TextEdit> add_syntax_directive(std::string_view text,
                                                       const syntax::Directives& directives) {
  for (const syntax::Directive& d : directives.directives) {
    if (d.name == "syntax") return std::nullopt;
  }
  const uint32_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  return findings::TextEdit{at, at,
                            "# syntax=docker/dockerfile:1" + std::string(line_ending(text))};
}

}  // namespace whalesafe::rewrites

namespace whalesafe::rewrites {

std::vector<findings::TextEdit> merge_insertions(std::vector<findings::TextEdit> edits) {
  // Insertions before the other edits at the same byte, so their text comes first.
  std::stable_sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) {
    if (a.start_byte != b.start_byte) return a.start_byte < b.start_byte;
    return (a.start_byte == a.end_byte) > (b.start_byte == b.end_byte);
  });
  std::vector<findings::TextEdit> out;
  for (findings::TextEdit& e : edits) {
    if (!out.empty() && out.back().start_byte == e.start_byte &&
        out.back().start_byte == out.back().end_byte) {
      out.back().end_byte = e.end_byte;
      out.back().new_text += e.new_text;
      continue;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace whalesafe::rewrites
