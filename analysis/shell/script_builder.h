// Builds the Script data view (script.h) from a tree-sitter-bash tree. Dockerfile ranges are
// left empty: the shell text alone decides everything here, so the result can be cached by
// text (see parse_cache.h) and mapped afterwards (shell_analysis.h).
#pragma once

#include <tree_sitter/api.h>

#include <string_view>

#include "shell/script.h"

namespace whalesafe::shell {

// `root` is the program node of a tree parsed from `text`.
Script build_script(TSNode root, std::string_view text);

}  // namespace whalesafe::shell
