// Completion for Dockerfiles: instruction keywords at the start of a line (with snippets), the
// flags of the instruction being typed, `--mount` keys and their values, stage names after
// `--from=` / `from=` / `FROM`, the variables in scope after `$`, and official image names and
// tags from the offline catalog after `FROM`. Works on half-typed text: the context is read from
// the bytes before the cursor, the tree is only asked for stages and scopes. Byte offsets; knows
// nothing of LSP.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::editing {

struct Completion {
  enum class Kind { kKeyword, kFlag, kValue, kMountKey, kStage, kVariable, kImage, kTag };
  Kind kind = Kind::kKeyword;
  std::string label;
  std::string detail;
  std::string documentation;  // Markdown, may be empty
  std::string insert_text;    // plain text replacing `replace`
  std::string snippet;        // the same with snippet placeholders ("" when none)
  model::ByteRange replace;   // the partial word being completed
  std::string sort_text;      // "" keeps the label order
};

std::vector<Completion> complete(const syntax::Document& doc, const model::Model& model,
                                 uint32_t byte);

}  // namespace whalesafe::editing
