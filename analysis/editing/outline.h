// The outline of a Dockerfile for an editor: its build stages with their instructions (and the
// variables each ARG/ENV sets) as a tree of symbols, and the ranges that can be folded (stages,
// instructions spanning several lines, heredocs, runs of comment lines). Byte offsets; knows
// nothing of LSP.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::editing {

struct OutlineSymbol {
  enum class Kind { kStage, kInstruction, kVariable };
  Kind kind = Kind::kInstruction;
  std::string name;    // stage: its name, else its image; instruction: keyword; variable: name
  std::string detail;  // stage: "FROM python:3.12 AS build"; instruction: its arguments, cut short
  model::ByteRange range;            // the whole stage / instruction / declaration
  model::ByteRange selection_range;  // the name, keyword or `AS name`
  std::vector<OutlineSymbol> children;
};

// Instructions before the first FROM come first, then one symbol per stage.
std::vector<OutlineSymbol> outline(const syntax::Document& doc, const model::Model& model);

struct FoldingRange {
  enum class Kind { kRegion, kComment };
  Kind kind = Kind::kRegion;
  uint32_t start_row = 0;  // 0-based
  uint32_t end_row = 0;    // 0-based, inclusive; always after start_row
};

std::vector<FoldingRange> folding_ranges(const syntax::Document& doc, const model::Model& model);

}  // namespace whalesafe::editing
