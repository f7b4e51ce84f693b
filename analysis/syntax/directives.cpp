#include "directives.h"

#include <algorithm>
#include <cctype>

#include "go_text.h"

namespace whalesafe::syntax {
namespace {

// Go RE2's \s: [\t\n\f\r ].
bool is_re_space(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

struct KeyValue {
  std::string key;
  std::string value;
};

// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
std::optional<KeyValue> match_directive(std::string_view line) {
  std::size_t i = 0;
  if (i >= line.size() || line[i] != '#') return std::nullopt;
  ++i;
  while (i < line.size() && is_re_space(line[i])) ++i;
  const std::size_t key_start = i;
  if (i >= line.size() || !is_alpha(line[i])) return std::nullopt;
  while (i < line.size() && is_alnum(line[i])) ++i;
  const std::size_t key_end = i;
  while (i < line.size() && is_re_space(line[i])) ++i;
  if (i >= line.size() || line[i] != '=') return std::nullopt;
  ++i;
  const std::size_t after_equals = i;
  while (i < line.size() && is_re_space(line[i])) ++i;
  std::size_t value_end = line.size();
  while (value_end > i && is_re_space(line[value_end - 1])) --value_end;
  if (value_end <= i) {
    // Only blanks after '=': the lazy `(.+?)` still takes the last one of them.
    if (line.size() == after_equals) return std::nullopt;
    i = line.size() - 1;
    value_end = line.size();
  }
  KeyValue kv;
  kv.key = std::string(line.substr(key_start, key_end - key_start));
  std::transform(kv.key.begin(), kv.key.end(), kv.key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  kv.value = std::string(line.substr(i, value_end - i));
  return kv;
}

}  // namespace

Directives read_directives(std::string_view source) {
  Directives result;
  std::size_t pos = 0;
  if (source.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  for (uint32_t line_no = 0; pos <= source.size(); ++line_no) {
    std::size_t nl = source.find('\n', pos);
    const std::size_t line_end = nl == std::string_view::npos ? source.size() : nl;
    std::string_view raw = source.substr(pos, line_end - pos);
    while (!raw.empty() && (raw.back() == '\r')) raw.remove_suffix(1);
    // BuildKit strips leading white space before looking for a directive.
    const std::string_view line = go::trim_left_space(raw);
    const auto content_start = static_cast<uint32_t>(pos + (raw.size() - line.size()));
    const auto content_end = static_cast<uint32_t>(pos + raw.size());
    std::optional<KeyValue> kv = match_directive(line);
    if (!kv || (kv->key != "syntax" && kv->key != "escape" && kv->key != "check")) break;
    const bool seen = std::any_of(result.directives.begin(), result.directives.end(),
                                  [&](const Directive& d) { return d.name == kv->key; });
    if (seen) {
      result.error = DirectiveError{"only one " + kv->key + " parser directive can be used",
                                    line_no, content_start, content_end};
      break;
    }
    if (kv->key == "escape") {
      if (kv->value != "`" && kv->value != "\\") {
        result.error =
            DirectiveError{"invalid escape token '" + kv->value + "' does not match ` or \\",
                           line_no, content_start, content_end};
        break;
      }
      result.escape = kv->value[0];
    }
    result.directives.push_back(Directive{kv->key, kv->value, line_no, content_start, content_end});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return result;
}

}  // namespace whalesafe::syntax
