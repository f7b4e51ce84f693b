// Go-compatible text primitives used to reproduce BuildKit's (Go) behaviour byte for byte:
// UTF-8 decoding as in unicode/utf8, unicode.IsSpace, strings.TrimSpace and strconv.Quote.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::syntax::go {

inline constexpr char32_t kRuneError = 0xFFFD;

// utf8.DecodeRuneInString: the rune at the start of `s` and its width in bytes. Invalid or
// truncated sequences (overlong forms, surrogates, > U+10FFFF) give {kRuneError, 1}; an empty
// string gives {kRuneError, 0}.
struct DecodedRune {
  char32_t rune;
  std::size_t width;
};
DecodedRune decode_rune(std::string_view s);

// utf8.EncodeRune / string(rune): invalid runes encode as U+FFFD.
void append_rune(std::string& out, char32_t r);

// unicode.IsSpace.
bool is_space(char32_t r);

// strings.TrimSpace, strings.TrimLeftFunc(s, unicode.IsSpace) and TrimRightFunc.
std::string_view trim_space(std::string_view s);
std::string_view trim_left_space(std::string_view s);
std::string_view trim_right_space(std::string_view s);

// strconv.IsPrint.
bool is_print(char32_t r);

// strconv.Quote: a double-quoted Go string literal for `s`.
std::string quote(std::string_view s);

// fmt.Sprintf("%q", []string{...}): ["a" "b"].
std::string quote_list(const std::vector<std::string>& items);

// regexp.MustCompile(`[\t\v\f\r ]+`).Split(s, n) (n < 0: no limit).
std::vector<std::string> split_ascii_whitespace(std::string_view s, int n = -1);

}  // namespace whalesafe::syntax::go
