#include "tree_print.h"

#include <fmt/format.h>

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
  for_each_child_with_field(node, [&](TSNode child, std::string_view child_field) {
    if (!ts_node_is_named(child) && child_field.empty() && !ts_node_is_missing(child)) return;
    print_node(doc, child, child_field, depth + 1, out);
  });
}

void write_sexp(TSNode node, std::string_view field, std::string& out) {
  const bool missing = ts_node_is_missing(node);
  const bool visible = missing || ts_node_is_named(node);
  if (visible) {
    if (!out.empty()) out += ' ';
    if (!field.empty()) out += fmt::format("{}: ", field);
    if (missing) {
      out += ts_node_is_named(node) ? fmt::format("(MISSING {}", type_of(node))
                                    : fmt::format("(MISSING \"{}\"", type_of(node));
    } else {
      out += fmt::format("({}", type_of(node));
    }
  }
  for_each_child_with_field(node, [&](TSNode child, std::string_view child_field) {
    write_sexp(child, child_field, out);
  });
  if (visible) out += ')';
}

}  // namespace

std::string print_tree(const Document& doc) {
  std::string out;
  print_node(doc, doc.root(), {}, 0, out);
  return out;
}

std::string print_sexp(const Document& doc) {
  // Like ts_node_string, which recurses over hidden nodes too and overflows the stack on
  // big files (the grammar's body is right-recursive).
  std::string out;
  write_sexp(doc.root(), {}, out);
  out += '\n';
  return out;
}

}  // namespace whalesafe::syntax
