// The logical line of an instruction, as BuildKit builds it before splitting it into
// arguments: the instruction's physical lines joined with their line continuations removed,
// comment lines and blank lines inside the continuation skipped, heredoc bodies excluded.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "document.h"

namespace whalesafe::syntax {

struct LogicalLine {
  TSNode instruction{};
  std::string text;            // the joined line, from the keyword on
  uint32_t start_byte = 0;     // the instruction's first byte (its keyword)
  uint32_t line_end_byte = 0;  // end of the instruction line (before heredoc bodies)
  uint32_t start_row = 0;      // 0-based first line
  uint32_t end_row = 0;        // 0-based last line, heredoc bodies and terminators included
  // 0-based rows of blank (white-space-only) lines inside the line continuation; BuildKit
  // warns about them.
  std::vector<uint32_t> empty_continuation_rows;
};

// `instruction` must be an instruction node of `doc`'s tree (top-level or not). `escape` is
// the escape token in force (see read_directives).
LogicalLine logical_line(const Document& doc, TSNode instruction, char escape = '\\');

}  // namespace whalesafe::syntax
