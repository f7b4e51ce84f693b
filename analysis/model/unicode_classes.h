// Go's unicode.IsLetter and unicode.IsDigit, which BuildKit's shell lexer uses to decide where a
// `$name` ends (`$über` is one name in BuildKit, not `$` followed by text).
#pragma once

namespace whalesafe::model {

// Unicode general category L (any letter).
bool is_letter(char32_t r);
// Unicode general category Nd (decimal digit), not only 0-9.
bool is_digit(char32_t r);

}  // namespace whalesafe::model
