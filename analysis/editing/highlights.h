// Syntax highlighting from the grammar's own query (grammar/queries/highlights.scm, compiled
// into the library): the captured spans of a byte range, nested captures cut out of the ones
// around them so that no two spans overlap. Byte offsets and the query's capture names; the
// language server maps those names to semantic token types.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "syntax/document.h"

namespace whalesafe::editing {

struct Highlight {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t capture = 0;  // index into highlight_capture_names()
};

// The query's capture names ("keyword", "string.special.path", ...), by capture index.
std::span<const std::string_view> highlight_capture_names();

// Spans in [start_byte, end_byte), sorted and disjoint; the innermost capture wins where
// captures nest. Spans may cross line breaks.
std::vector<Highlight> highlights(const syntax::Document& doc, uint32_t start_byte,
                                  uint32_t end_byte);

}  // namespace whalesafe::editing
