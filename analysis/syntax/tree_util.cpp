#include "tree_util.h"

namespace whalesafe::syntax {

bool is_instruction(TSNode node) {
  constexpr std::string_view kSuffix = "_instruction";
  const std::string_view type = type_of(node);
  return type.size() > kSuffix.size() && type.substr(type.size() - kSuffix.size()) == kSuffix;
}

std::vector<TSNode> top_level_instructions(TSNode root) {
  // A cursor walk: ts_node_child(root, i) costs O(i), which is quadratic on big files.
  std::vector<TSNode> out;
  for_each_child(root, [&](TSNode child) {
    if (is_instruction(child)) out.push_back(child);
  });
  return out;
}

void for_each_child(TSNode node, const std::function<void(TSNode)>& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      visit(ts_tree_cursor_current_node(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

void for_each_child_with_field(TSNode node,
                               const std::function<void(TSNode, std::string_view)>& visit) {
  // The root has no fields, and asking the cursor for them there costs O(depth) per child
  // (the body of source_file is right-recursive), so it is not asked.
  const bool has_fields = type_of(node) != node_type::kSourceFile;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* name = has_fields ? ts_tree_cursor_current_field_name(&cursor) : nullptr;
      visit(ts_tree_cursor_current_node(&cursor),
            name == nullptr ? std::string_view() : std::string_view(name));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  for_each_child(node, [&](TSNode child) { out.push_back(child); });
  return out;
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

TSNode field(TSNode node, std::string_view name) {
  return ts_node_child_by_field_name(node, name.data(), static_cast<uint32_t>(name.size()));
}

std::vector<TSNode> fields(TSNode node, std::string_view name) {
  std::vector<TSNode> out;
  for_each_child_with_field(node, [&](TSNode child, std::string_view f) {
    if (f == name) out.push_back(child);
  });
  return out;
}

}  // namespace whalesafe::syntax
