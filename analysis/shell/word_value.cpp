#include "shell/word_value.h"

namespace whalesafe::shell {
namespace {

std::string_view node_text(TSNode node, std::string_view text) {
  const uint32_t start = ts_node_start_byte(node);
  const uint32_t end = ts_node_end_byte(node);
  if (start >= end || end > text.size()) return {};
  return text.substr(start, end - start);
}

// An unquoted word: `\c` is c, `\` + line feed disappears.
std::string unescape_bare(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      if (s[i] != '\n') out.push_back(s[i]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Inside double quotes a backslash only escapes $ ` " \ and the line feed.
std::string unescape_double_quoted(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[i + 1];
      if (next == '\n') {
        ++i;
        continue;
      }
      if (next == '$' || next == '`' || next == '"' || next == '\\') {
        out.push_back(next);
        ++i;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// $'...': the common C escapes; anything rarer (\x, \u, octal) makes the word dynamic
// rather than wrong.
std::optional<std::string> unescape_ansi_c(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    switch (s[++i]) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'e':
      case 'E':
        out.push_back('\x1b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '"':
        out.push_back('"');
        break;
      case '?':
        out.push_back('?');
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::string_view strip(std::string_view s, std::size_t front, std::size_t back) {
  if (s.size() < front + back) return {};
  return s.substr(front, s.size() - front - back);
}

}  // namespace

std::optional<std::string> static_word_value(TSNode node, std::string_view text) {
  const std::string_view type = ts_node_type(node);
  const std::string_view raw = node_text(node, text);
  if (type == "word") {
    if (raw.starts_with('~')) return std::nullopt;  // tilde expansion
    return unescape_bare(raw);
  }
  if (type == "number" || type == "file_descriptor" || type == "variable_name") {
    return std::string(raw);
  }
  if (type == "raw_string") return std::string(strip(raw, 1, 1));
  if (type == "ansi_c_string") return unescape_ansi_c(strip(raw, 2, 1));
  if (type == "string") {
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      if (std::string_view(ts_node_type(ts_node_named_child(node, i))) != "string_content") {
        return std::nullopt;
      }
    }
    // An unterminated string (error recovery) has no closing quote.
    const bool closed = raw.size() >= 2 && raw.back() == '"';
    return unescape_double_quoted(strip(raw, 1, closed ? 1 : 0));
  }
  if (type == "translated_string" || type == "command_name") {
    if (ts_node_named_child_count(node) != 1) return std::nullopt;
    return static_word_value(ts_node_named_child(node, 0), text);
  }
  if (type == "concatenation") {
    std::string out;
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      if (!ts_node_is_named(child)) {
        out.append(node_text(child, text));
        continue;
      }
      // Only the first part of a word can start a tilde expansion.
      if (i > 0 && std::string_view(ts_node_type(child)) == "word") {
        out.append(unescape_bare(node_text(child, text)));
        continue;
      }
      std::optional<std::string> part = static_word_value(child, text);
      if (!part) return std::nullopt;
      out.append(*part);
    }
    return out;
  }
  return std::nullopt;  // expansions, substitutions, arithmetic, brace ranges, ...
}

}  // namespace whalesafe::shell
