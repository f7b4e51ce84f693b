// Small helpers over tree-sitter nodes of the Dockerfile grammar.
#pragma once

#include <tree_sitter/api.h>

#include <functional>
#include <string_view>
#include <vector>

namespace whalesafe::syntax {

class Document;

// Node type names of the grammar used by the analysis code.
namespace node_type {
inline constexpr std::string_view kSourceFile = "source_file";
inline constexpr std::string_view kComment = "comment";
inline constexpr std::string_view kParserDirective = "parser_directive";
inline constexpr std::string_view kLineContinuation = "line_continuation";
inline constexpr std::string_view kHeredoc = "heredoc";
inline constexpr std::string_view kHeredocMarker = "heredoc_marker";
inline constexpr std::string_view kHeredocContent = "heredoc_content";
inline constexpr std::string_view kHeredocEnd = "heredoc_end";
inline constexpr std::string_view kOnbuild = "onbuild_instruction";
}  // namespace node_type

inline std::string_view type_of(TSNode node) { return ts_node_type(node); }

// True for ERROR nodes (tree-sitter 0.20 has no ts_node_is_error).
inline bool is_error(TSNode node) { return type_of(node) == "ERROR"; }

// True for `*_instruction` node types.
bool is_instruction(TSNode node);

// The instructions directly under the root, in source order (ERROR nodes are not included,
// but instructions nested in a top-level ERROR are not returned either).
std::vector<TSNode> top_level_instructions(TSNode root);

// Calls `visit` for each child (named and anonymous) of `node`, in order.
void for_each_child(TSNode node, const std::function<void(TSNode)>& visit);

// Like for_each_child, with each child's field name ("" when none).
void for_each_child_with_field(TSNode node,
                               const std::function<void(TSNode, std::string_view)>& visit);

// The child in field `name`, or a null node.
TSNode field(TSNode node, std::string_view name);
// All children in field `name`, in order (read with a cursor, whose field names are right where
// 0.20.7's ts_node_field_name_for_child is not).
std::vector<TSNode> fields(TSNode node, std::string_view name);
// fields(instruction, "flag") of `doc`'s tree, read faster: the grammar puts an instruction's
// flags right after its keyword, before any other field, so the text after the keyword tells
// when there is none, and otherwise the walk stops at the first child of another field instead
// of stepping over the rest (a cursor step costs hundreds of instructions).
std::vector<TSNode> flags(const Document& doc, TSNode instruction);

// All children (named and anonymous) of `node`.
std::vector<TSNode> children(TSNode node);

// Pre-order walk over `node` and all its descendants (named and anonymous). The callback
// returns false to skip the children of the node it was given.
void walk(TSNode node, const std::function<bool(TSNode)>& visit);

}  // namespace whalesafe::syntax
