#include "tree_util.h"

#include <utility>

#include "syntax/document.h"

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

namespace {

// The field id of `name` in `node`'s language, 0 when it has no such field. The runtime's own
// lookup (ts_language_field_id_for_name) compares the name with every field name in turn, on
// every call; rules ask for fields by name millions of times per analysis of a large file.
// Here the names are grouped by length, so only the one or two names of the same length are
// compared.
TSFieldId field_id(TSNode node, std::string_view name) {
  using Names = std::vector<std::pair<std::string_view, TSFieldId>>;
  struct Cache {
    const TSLanguage* language = nullptr;
    std::vector<Names> by_size;  // by_size[n]: the field names of n bytes
  };
  thread_local Cache cache;
  const TSLanguage* language = ts_tree_language(node.tree);
  if (cache.language != language) {
    cache.language = language;
    cache.by_size.clear();
    const uint32_t count = ts_language_field_count(language);
    for (TSFieldId id = 1; id <= count; ++id) {
      const char* field_name = ts_language_field_name_for_id(language, id);
      if (field_name == nullptr) continue;
      const std::string_view known(field_name);
      if (cache.by_size.size() <= known.size()) cache.by_size.resize(known.size() + 1);
      cache.by_size[known.size()].emplace_back(known, id);
    }
  }
  if (name.size() >= cache.by_size.size()) return 0;
  for (const auto& [known, id] : cache.by_size[name.size()]) {
    if (known == name) return id;
  }
  return 0;
}

}  // namespace

TSNode field(TSNode node, std::string_view name) {
  if (ts_node_is_null(node)) return node;
  const TSFieldId id = field_id(node, name);
  return id == 0 ? TSNode{} : ts_node_child_by_field_id(node, id);
}

namespace {

// One cursor per thread for fields(), reset onto each node: creating and deleting a cursor
// (an allocation and a free) cost as much as walking the few children of an instruction.
// fields() calls no other code while it holds the cursor, so it is never used twice at once.
class ReusedCursor {
 public:
  ReusedCursor() = default;
  ReusedCursor(const ReusedCursor&) = delete;
  ReusedCursor& operator=(const ReusedCursor&) = delete;
  ~ReusedCursor() {
    if (made_) ts_tree_cursor_delete(&cursor_);
  }
  TSTreeCursor& on(TSNode node) {
    if (made_) {
      ts_tree_cursor_reset(&cursor_, node);
    } else {
      cursor_ = ts_tree_cursor_new(node);
      made_ = true;
    }
    return cursor_;
  }

 private:
  TSTreeCursor cursor_{};
  bool made_ = false;
};

}  // namespace

std::vector<TSNode> fields(TSNode node, std::string_view name) {
  std::vector<TSNode> out;
  if (ts_node_is_null(node)) return out;
  const TSFieldId id = field_id(node, name);
  // The root has no fields (see for_each_child_with_field).
  if (id == 0 || type_of(node) == node_type::kSourceFile) return out;
  thread_local ReusedCursor reused;
  TSTreeCursor& cursor = reused.on(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      if (ts_tree_cursor_current_field_id(&cursor) == id) {
        out.push_back(ts_tree_cursor_current_node(&cursor));
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  return out;
}

std::vector<TSNode> flags(const Document& doc, TSNode instruction) {
  std::vector<TSNode> out;
  if (ts_node_is_null(instruction)) return out;
  const TSFieldId flag = field_id(instruction, "flag");
  const TSFieldId keyword = field_id(instruction, "keyword");
  if (flag == 0 || type_of(instruction) == node_type::kSourceFile) return out;
  thread_local ReusedCursor reused;
  TSTreeCursor& cursor = reused.on(instruction);
  if (!ts_tree_cursor_goto_first_child(&cursor)) return out;
  // Most instructions have none: when the keyword is followed, past blanks, by a printable
  // character that starts neither a flag (`--`), a line continuation (either escape character)
  // nor a comment, the first word is not a flag. Trees with errors are walked: recovery may
  // have skipped text.
  if (ts_tree_cursor_current_field_id(&cursor) == keyword && !ts_node_has_error(instruction)) {
    const std::string& text = doc.text();
    std::size_t at = ts_node_end_byte(ts_tree_cursor_current_node(&cursor));
    while (at < text.size() &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\v' || text[at] == '\f')) {
      ++at;
    }
    if (at >= ts_node_end_byte(instruction)) return out;
    const char c = text[at];
    if (c > ' ' && c < 0x7f && c != '-' && c != '\\' && c != '`' && c != '#') return out;
  }
  do {
    const TSFieldId id = ts_tree_cursor_current_field_id(&cursor);
    if (id == flag) {
      out.push_back(ts_tree_cursor_current_node(&cursor));
    } else if (id != 0 && id != keyword) {
      break;  // the flags are behind
    }
  } while (ts_tree_cursor_goto_next_sibling(&cursor));
  return out;
}

}  // namespace whalesafe::syntax
