#include "lsp/features/lsp_semantic_tokens.h"

#include <array>
#include <optional>
#include <vector>

namespace whalesafe::lsp::features {
namespace {

constexpr std::array<std::string_view, 12> kTokenTypes = {
    "keyword",  "comment",   "string", "number",    "operator",   "variable",
    "property", "parameter", "type",   "namespace", "enumMember", "macro"};

std::optional<uint32_t> type_index(std::string_view name) {
  for (uint32_t i = 0; i < kTokenTypes.size(); ++i) {
    if (kTokenTypes[i] == name) return i;
  }
  return std::nullopt;
}

// The token type of a capture of highlights.scm (nullopt: not a semantic token, such as plain
// punctuation, which editors colour well enough themselves).
std::optional<uint32_t> token_type(std::string_view capture) {
  struct Mapping {
    std::string_view capture;  // a capture name, or a prefix of dotted ones
    std::string_view type;
  };
  // Most specific first.
  static constexpr std::array<Mapping, 13> kMappings = {{
      {"keyword.directive", "macro"},
      {"keyword", "keyword"},
      {"comment", "comment"},
      {"string.special.path", "string"},
      {"string.special", "namespace"},  // image names
      {"string", "string"},
      {"label", "enumMember"},  // tags, heredoc markers
      {"constant", "enumMember"},
      {"type", "type"},            // stage names
      {"attribute", "parameter"},  // flag names
      {"operator", "operator"},
      {"punctuation.special", "operator"},
      {"number", "number"},
  }};
  for (const Mapping& m : kMappings) {
    if (capture == m.capture ||
        (capture.size() > m.capture.size() && capture.substr(0, m.capture.size()) == m.capture &&
         capture[m.capture.size()] == '.')) {
      return type_index(m.type);
    }
  }
  if (capture == "property") return type_index("property");
  if (capture == "variable") return type_index("variable");
  return std::nullopt;
}

}  // namespace

std::span<const std::string_view> semantic_token_types() { return kTokenTypes; }

nlohmann::json encode_semantic_tokens(std::span<const editing::Highlight> spans,
                                      std::string_view text, const protocol::LineIndex& lines,
                                      protocol::PositionEncoding encoding) {
  const std::span<const std::string_view> captures = editing::highlight_capture_names();
  std::vector<std::optional<uint32_t>> types;
  types.reserve(captures.size());
  for (const std::string_view capture : captures) types.push_back(token_type(capture));
  std::vector<uint32_t> data;
  protocol::Position previous;
  for (const editing::Highlight& span : spans) {
    const std::optional<uint32_t> type =
        span.capture < types.size() ? types[span.capture] : std::nullopt;
    if (!type) continue;
    uint32_t start = span.start_byte;
    while (start < span.end_byte) {
      // One token per line: up to the next line break.
      uint32_t end = start;
      while (end < span.end_byte && text[end] != '\n' && text[end] != '\r') ++end;
      if (end > start) {
        const protocol::Position from = lines.position(text, start, encoding);
        const protocol::Position to = lines.position(text, end, encoding);
        const uint32_t delta_line = from.line - previous.line;
        data.push_back(delta_line);
        data.push_back(delta_line == 0 ? from.character - previous.character : from.character);
        data.push_back(to.character - from.character);
        data.push_back(*type);
        data.push_back(0);
        previous = from;
      }
      start = end;
      while (start < span.end_byte && (text[start] == '\n' || text[start] == '\r')) ++start;
    }
  }
  return data;
}

}  // namespace whalesafe::lsp::features
