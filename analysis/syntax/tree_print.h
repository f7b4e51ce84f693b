// Human-readable renderings of the syntax tree.
#pragma once

#include <string>

#include "document.h"

namespace whalesafe::syntax {

// One node per line, indented by depth: `field: type [line:col-line:col] "leaf text"`.
// Named nodes are shown, plus anonymous ones that carry a field name (keywords); ERROR and
// MISSING nodes are marked. Positions are 1-based (columns in characters).
std::string print_tree(const Document& doc);

// tree-sitter's S-expression of the tree (ts_node_string), followed by a line feed.
std::string print_sexp(const Document& doc);

}  // namespace whalesafe::syntax
