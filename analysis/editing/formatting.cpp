#include "editing/formatting.h"

#include <algorithm>

#include "syntax/ascii.h"
#include "syntax/logical_lines.h"
#include "syntax/tree_util.h"

namespace whalesafe::editing {
namespace {

using findings::TextEdit;
using syntax::field;
using syntax::type_of;

bool blank(char c) { return c == ' ' || c == '\t'; }

void upper_case(const syntax::Document& doc, TSNode node, std::vector<TextEdit>& edits) {
  if (ts_node_is_null(node)) return;
  const std::string_view text = doc.node_text(node);
  const std::string upper = syntax::ascii_upper(text);
  if (upper != text)
    edits.push_back(TextEdit{ts_node_start_byte(node), ts_node_end_byte(node), upper});
}

void keywords(const syntax::Document& doc, TSNode instruction, std::vector<TextEdit>& edits) {
  if (type_of(instruction) == "unknown_instruction") return;
  upper_case(doc, field(instruction, "keyword"), edits);
  if (type_of(instruction) == "from_instruction") {
    syntax::for_each_child(instruction, [&](TSNode child) {
      if (!ts_node_is_named(child) && syntax::iequals(type_of(child), "AS")) {
        upper_case(doc, child, edits);
      }
    });
  }
  if (type_of(instruction) == "healthcheck_instruction") {
    syntax::for_each_child(instruction, [&](TSNode child) {
      const std::string_view type = type_of(child);
      if (!ts_node_is_named(child) && (type == "CMD" || type == "NONE"))
        upper_case(doc, child, edits);
    });
  }
  if (type_of(instruction) == syntax::node_type::kOnbuild) {
    const TSNode inner = field(instruction, "instruction");
    if (!ts_node_is_null(inner)) keywords(doc, inner, edits);
  }
}

// Byte columns where the words of the line starting at `start` begin (up to `end`).
std::vector<std::size_t> word_columns(std::string_view text, uint32_t start, uint32_t end) {
  std::vector<std::size_t> out;
  for (uint32_t i = start; i < end && text[i] != '\n' && text[i] != '\r'; ++i) {
    if (!blank(text[i]) && (i == start || blank(text[i - 1]))) out.push_back(i - start);
  }
  return out;
}

void continuation_indentation(const syntax::Document& doc, TSNode instruction, char escape,
                              const std::string& indent, std::vector<TextEdit>& edits) {
  const syntax::LogicalLine line = syntax::logical_line(doc, instruction, escape);
  const uint32_t first_row = ts_node_start_point(instruction).row;
  const uint32_t last_row = doc.point_at(line.line_end_byte).row;
  if (last_row <= first_row) return;
  const std::string_view text = doc.text();
  struct Row {
    uint32_t start;
    uint32_t content;
  };
  std::vector<Row> rows;
  for (uint32_t row = first_row + 1; row <= last_row; ++row) {
    const uint32_t start = doc.line_start(row);
    uint32_t content = start;
    while (content < text.size() && blank(text[content])) ++content;
    if (content >= text.size() || text[content] == '\n' || text[content] == '\r' ||
        text[content] == '#') {
      continue;  // blank and comment lines are left alone
    }
    if (content >= line.line_end_byte) break;
    rows.push_back(Row{start, content});
  }
  if (rows.empty()) return;
  const std::string_view first_indent = text.substr(rows[0].start, rows[0].content - rows[0].start);
  for (const Row& r : rows) {
    if (text.substr(r.start, r.content - r.start) != first_indent) return;  // hand-laid out
  }
  if (first_indent == indent) return;
  const bool spaces_only = first_indent.find('\t') == std::string_view::npos;
  if (spaces_only && !first_indent.empty()) {
    const uint32_t line_start = doc.line_start(first_row);
    const std::vector<std::size_t> columns =
        word_columns(text, line_start, static_cast<uint32_t>(text.size()));
    if (columns.size() > 1 &&
        std::find(columns.begin() + 1, columns.end(), first_indent.size()) != columns.end()) {
      return;  // aligned under a word of the first line
    }
  }
  for (const Row& r : rows) edits.push_back(TextEdit{r.start, r.content, indent});
}

}  // namespace

std::vector<TextEdit> format(const syntax::Document& doc, const model::Model& model,
                             const FormatOptions& options) {
  std::vector<TextEdit> edits;
  const std::string_view text = doc.text();
  for (const model::InstructionInfo& info : model.instructions) {
    const TSNode node = info.node;
    const uint32_t start = ts_node_start_byte(node);
    const uint32_t end = ts_node_end_byte(node);
    if (options.range && (end < options.range->start_byte || start > options.range->end_byte)) {
      continue;
    }
    // Indentation before the keyword.
    uint32_t line_start = start;
    while (line_start > 0 && blank(text[line_start - 1])) --line_start;
    if (line_start < start &&
        (line_start == 0 || text[line_start - 1] == '\n' || text[line_start - 1] == '\r')) {
      edits.push_back(TextEdit{line_start, start, ""});
    }
    keywords(doc, node, edits);
    continuation_indentation(doc, node, model.escape, options.indent, edits);
  }
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.start_byte < b.start_byte; });
  return edits;
}

}  // namespace whalesafe::editing
