// Formatting a Dockerfile without changing what it builds or how its author laid it out:
//   - instruction keywords (and FROM's `AS`, ONBUILD's wrapped keyword) in upper case;
//   - instruction lines start at column 0;
//   - the continuation lines of an instruction are indented by one unit when they all share one
//     indentation that does not align them under a word of the first line. Continuation lines
//     indented differently from each other (nested or hand-aligned commands) are left exactly as
//     written, and so are comment lines, blank lines and heredoc bodies.
// Lines are never joined, split or reflowed. Byte-offset edits; knows nothing of LSP.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::editing {

struct FormatOptions {
  std::string indent = "    ";  // one indentation unit for continuation lines
  // Only instructions overlapping this range are formatted (nullopt: the whole document).
  std::optional<model::ByteRange> range;
};

// Non-overlapping edits in document order; none when the document is already formatted.
std::vector<findings::TextEdit> format(const syntax::Document& doc, const model::Model& model,
                                       const FormatOptions& options);

}  // namespace whalesafe::editing
