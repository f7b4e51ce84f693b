// The pattern operators of BuildKit's word expansion: `${var#pat}`, `${var##pat}`,
// `${var%pat}`, `${var%%pat}`, `${var/pat/repl}` and `${var//pat/repl}`.
//
// BuildKit turns the pattern into a Go regular expression (`*` any run of characters, `?` one
// character, `\*` `\?` `\\` literal, `\}` and `\/` the plain character; no bracket
// expressions) and matches with Go's leftmost-first semantics. Like Go's `.`, neither `*` nor `?`
// matches a line feed. These functions reproduce those results without a regex engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::model {

struct PatternResult {
  std::string value;                 // the result when `error` is empty
  std::optional<std::string> error;  // e.g. "invalid pattern (a\b) in substitution: ..."
};

// `${var#pat}` (shortest) / `${var##pat}` (longest): removes a matching prefix.
PatternResult remove_prefix(std::string_view value, std::string_view pattern, bool longest);

// `${var%pat}` (shortest) / `${var%%pat}` (longest): removes a matching suffix.
PatternResult remove_suffix(std::string_view value, std::string_view pattern, bool longest);

// `${var/pat/repl}` (first match) / `${var//pat/repl}` (every match). Matches are longest-first.
// With `all`, the replacement is a Go regexp template: `$$` is a dollar sign, `$0` / `${0}` the
// matched text, any other `$name` nothing.
PatternResult replace_pattern(std::string_view value, std::string_view pattern,
                              std::string_view replacement, bool all);

}  // namespace whalesafe::model
