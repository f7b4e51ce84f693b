#include "tree_util.h"

namespace whalesafe::syntax {

bool is_instruction(TSNode node) {
  constexpr std::string_view kSuffix = "_instruction";
  const std::string_view type = type_of(node);
  return type.size() > kSuffix.size() && type.substr(type.size() - kSuffix.size()) == kSuffix;
}

std::vector<TSNode> top_level_instructions(TSNode root) {
  std::vector<TSNode> out;
  const uint32_t n = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_named_child(root, i);
    if (is_instruction(child)) out.push_back(child);
  }
  return out;
}

std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  const uint32_t n = ts_node_child_count(node);
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) out.push_back(ts_node_child(node, i));
  return out;
}

std::string_view field_name_of_child(TSNode parent, uint32_t index) {
  // ts_node_field_name_for_child is unreliable in tree-sitter 0.20; a cursor is not.
  std::string_view name;
  TSTreeCursor cursor = ts_tree_cursor_new(parent);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    for (uint32_t i = 0; i < index; ++i) {
      if (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return {};
      }
    }
    const char* field = ts_tree_cursor_current_field_name(&cursor);
    if (field != nullptr) name = field;
  }
  ts_tree_cursor_delete(&cursor);
  return name;
}

void walk(TSNode node, const std::function<bool(TSNode)>& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  bool descend = true;
  for (;;) {
    if (descend) {
      const bool into = visit(ts_tree_cursor_current_node(&cursor));
      if (into && ts_tree_cursor_goto_first_child(&cursor)) continue;
    }
    if (ts_tree_cursor_goto_next_sibling(&cursor)) {
      descend = true;
      continue;
    }
    if (!ts_tree_cursor_goto_parent(&cursor)) break;
    descend = false;
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace whalesafe::syntax
