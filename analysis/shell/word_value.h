// The static value of a tree-sitter-bash word node: the text after quote removal, or nothing
// when the word has an expansion ($X, ${X}, $(...), `...`, $((...)), <(...), a leading ~) and
// so is only known at run time. Globs and brace lists stay literal text.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::shell {

// `text` is the shell text `node` was parsed from.
std::optional<std::string> static_word_value(TSNode node, std::string_view text);

}  // namespace whalesafe::shell
