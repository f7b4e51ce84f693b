#include "tree_print.h"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#include "go_text.h"
#include "tree_util.h"

namespace whalesafe::syntax {
namespace {

constexpr std::size_t kMaxLeafText = 60;

std::string short_text(std::string_view text) {
  bool cut = false;
  if (text.size() > kMaxLeafText) {
    std::size_t n = kMaxLeafText;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = text.substr(0, n);
    cut = true;
  }
  return go::quote(text) + (cut ? "..." : "");
}

void print_node(const Document& doc, TSNode node, std::string_view field, int depth,
                std::string& out) {
  const bool missing = ts_node_is_missing(node);
  const bool error = is_error(node);
  const LineCol start = doc.line_col(ts_node_start_point(node));
  const LineCol end = doc.line_col(ts_node_end_point(node));
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  if (!field.empty()) out += fmt::format("{}: ", field);
  if (missing) out += "MISSING ";
  if (ts_node_is_named(node) || error) {
    out += type_of(node);
  } else {
    out += go::quote(type_of(node));
  }
  out += fmt::format(" [{}:{}-{}:{}]", start.line, start.column, end.line, end.column);
  if (ts_node_child_count(node) == 0 && !missing && ts_node_is_named(node)) {
    out += " " + short_text(doc.node_text(node));
  }
  out += '\n';
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      const char* name = ts_tree_cursor_current_field_name(&cursor);
      const std::string_view child_field = name == nullptr ? std::string_view() : name;
      if (!ts_node_is_named(child) && child_field.empty() && !ts_node_is_missing(child)) continue;
      print_node(doc, child, child_field, depth + 1, out);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace

std::string print_tree(const Document& doc) {
  std::string out;
  print_node(doc, doc.root(), {}, 0, out);
  return out;
}

std::string print_sexp(const Document& doc) {
  std::unique_ptr<char, decltype(&std::free)> s(ts_node_string(doc.root()), &std::free);
  std::string out = s ? std::string(s.get()) : std::string();
  out += '\n';
  return out;
}

}  // namespace whalesafe::syntax
