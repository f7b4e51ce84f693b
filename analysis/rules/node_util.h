// Helpers the syntax-only rules share: fields, keywords, flags, and text shapes.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"
#include "syntax/ascii.h"
#include "syntax/document.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {

// ASCII case helpers (syntax/ascii.h).
using syntax::ascii_lower;
using syntax::ascii_upper;
using syntax::iequals;

// The child in field `name` (null when none) and all children in field `name`.
using syntax::field;
using syntax::fields;
// The instruction's keyword node (an anonymous node such as "FROM").
TSNode keyword_node(TSNode instruction);
// Upper-case instruction name from the node type: "from_instruction" -> "FROM".
std::string instruction_name(TSNode instruction);
bool is_type(TSNode node, std::string_view type);

// The value of flag `--name` on an instruction (as written), if the flag is present; the
// returned node is the flag_value (null when the flag has no value).
struct FlagRef {
  TSNode flag{};
  TSNode value{};
};
std::optional<FlagRef> find_flag(const syntax::Document& doc, TSNode instruction,
                                 std::string_view name);

// True when `node` or a descendant is a variable expansion ($VAR, ${VAR}).
bool contains_expansion(TSNode node);

// One source operand of COPY/ADD: the path text with JSON quoting removed.
struct PathOperand {
  TSNode node{};
  std::string text;
};
// The operands of a COPY/ADD/VOLUME instruction (shell form paths or JSON array strings),
// heredoc markers excluded. For COPY/ADD the last one is the destination.
std::vector<PathOperand> path_operands(const syntax::Document& doc, TSNode instruction);

// True when the operand uses a variable: an expansion node in shell form, or a `$` in a JSON
// string (which has no expansion nodes, yet BuildKit expands it).
bool uses_variable(const PathOperand& operand);

// Removes one level of surrounding matching quotes ("x" or 'x').
std::string_view strip_quotes(std::string_view text);

// An edit replacing `node`'s bytes.
findings::TextEdit replace(TSNode node, std::string text);

// `/x`, and Windows paths (`C:\x`, `c:/x`, `\x`) are absolute (WORKDIR, COPY destinations).
bool is_absolute_path(std::string_view path);

}  // namespace whalesafe::rules
