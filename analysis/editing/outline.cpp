#include "editing/outline.h"

#include <algorithm>
#include <optional>

#include "syntax/ascii.h"
#include "syntax/tree_util.h"

namespace whalesafe::editing {
namespace {

using syntax::field;
using syntax::type_of;

// Arguments longer than this are cut in the outline's detail.
constexpr std::size_t kDetailLength = 60;

// The first line of the instruction after its keyword, blanks collapsed and cut short.
std::string arguments_detail(const syntax::Document& doc, TSNode instruction) {
  const TSNode keyword = field(instruction, "keyword");
  const uint32_t from =
      ts_node_is_null(keyword) ? ts_node_start_byte(instruction) : ts_node_end_byte(keyword);
  std::string_view rest = std::string_view(doc.text()).substr(from);
  rest = rest.substr(0, std::min<std::size_t>(rest.find_first_of("\r\n"), rest.size()));
  std::string out;
  for (const char c : rest) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\\')) out.pop_back();
  if (out.size() > kDetailLength) out = out.substr(0, kDetailLength - 3) + "...";
  return out;
}

std::string keyword_of(const syntax::Document& doc, TSNode instruction) {
  const TSNode keyword = field(instruction, "keyword");
  if (ts_node_is_null(keyword)) return std::string(type_of(instruction));
  return syntax::ascii_upper(doc.node_text(keyword));
}

OutlineSymbol instruction_symbol(const syntax::Document& doc, const model::InstructionInfo& info) {
  OutlineSymbol symbol;
  symbol.kind = OutlineSymbol::Kind::kInstruction;
  symbol.name = keyword_of(doc, info.node);
  symbol.detail = arguments_detail(doc, info.node);
  symbol.range = model::range_of(info.node);
  const TSNode keyword = field(info.node, "keyword");
  symbol.selection_range = model::range_of(ts_node_is_null(keyword) ? info.node : keyword);
  for (const model::Declaration& d : info.declarations) {
    OutlineSymbol variable;
    variable.kind = OutlineSymbol::Kind::kVariable;
    variable.name = d.variable.name;
    variable.detail = d.variable.value.value_or("");
    variable.range = model::range_of(d.variable.declaration);
    const TSNode name = field(d.variable.declaration, "name");
    variable.selection_range =
        model::range_of(ts_node_is_null(name) ? d.variable.declaration : name);
    symbol.children.push_back(std::move(variable));
  }
  return symbol;
}

}  // namespace

std::vector<OutlineSymbol> outline(const syntax::Document& doc, const model::Model& model) {
  std::vector<OutlineSymbol> out;
  for (const model::InstructionInfo& info : model.instructions) {
    if (info.stage >= 0) break;
    out.push_back(instruction_symbol(doc, info));
  }
  for (const model::Stage& stage : model.stages) {
    OutlineSymbol symbol;
    symbol.kind = OutlineSymbol::Kind::kStage;
    const TSNode image = stage.base.image;
    const std::string image_text =
        ts_node_is_null(image) ? std::string() : std::string(doc.node_text(image));
    symbol.name = !stage.name.empty()   ? std::string(doc.node_text(stage.name_node))
                  : !image_text.empty() ? image_text
                                        : "stage " + std::to_string(stage.index);
    symbol.detail = "FROM " + arguments_detail(doc, stage.from);
    symbol.range = model::range_of(stage.from);
    symbol.selection_range = model::range_of(!ts_node_is_null(stage.name_node) ? stage.name_node
                                             : !ts_node_is_null(image)         ? image
                                                                               : stage.from);
    for (const std::size_t i : stage.instructions) {
      const model::InstructionInfo& info = model.instructions[i];
      symbol.children.push_back(instruction_symbol(doc, info));
      symbol.range.end_byte = std::max(symbol.range.end_byte, ts_node_end_byte(info.node));
    }
    out.push_back(std::move(symbol));
  }
  return out;
}

std::vector<FoldingRange> folding_ranges(const syntax::Document& doc, const model::Model& model) {
  std::vector<FoldingRange> out;
  const auto add = [&out](FoldingRange::Kind kind, uint32_t start_row, uint32_t end_row) {
    if (end_row > start_row) out.push_back(FoldingRange{kind, start_row, end_row});
  };
  // The row of the last byte of a node (a node ending with its line break ends on that line).
  const auto last_row = [&doc](TSNode node) {
    const uint32_t end = ts_node_end_byte(node);
    const uint32_t start = ts_node_start_byte(node);
    return doc.point_at(end > start ? end - 1 : end).row;
  };
  for (const model::Stage& stage : model.stages) {
    uint32_t end_row = last_row(stage.from);
    if (!stage.instructions.empty()) {
      end_row = last_row(model.instructions[stage.instructions.back()].node);
    }
    add(FoldingRange::Kind::kRegion, ts_node_start_point(stage.from).row, end_row);
  }
  for (const model::InstructionInfo& info : model.instructions) {
    add(FoldingRange::Kind::kRegion, ts_node_start_point(info.node).row, last_row(info.node));
  }
  // Runs of two or more comment lines.
  std::optional<FoldingRange> comments;
  syntax::for_each_child(doc.root(), [&](TSNode child) {
    if (type_of(child) != syntax::node_type::kComment) return;
    const uint32_t row = ts_node_start_point(child).row;
    if (comments && comments->end_row + 1 == row) {
      comments->end_row = row;
      return;
    }
    if (comments) add(comments->kind, comments->start_row, comments->end_row);
    comments = FoldingRange{FoldingRange::Kind::kComment, row, row};
  });
  if (comments) add(comments->kind, comments->start_row, comments->end_row);
  std::sort(out.begin(), out.end(), [](const FoldingRange& a, const FoldingRange& b) {
    return a.start_row != b.start_row ? a.start_row < b.start_row : a.end_row > b.end_row;
  });
  return out;
}

}  // namespace whalesafe::editing
