// Heredocs of an instruction (`RUN <<EOF`, `COPY <<A <<B /dst`, also under ONBUILD), read
// from the heredoc_marker and heredoc nodes of the tree.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace whalesafe::syntax {

struct Heredoc {
  std::string name;              // the terminator word after quote removal
  uint32_t file_descriptor = 0;  // the number before `<<` (0 when absent)
  bool expand = true;            // false when any part of the word was quoted
  bool chomp = false;            // `<<-`: leading tabs ignored when matching the terminator
  std::string content;           // the raw body, line endings included, tabs not stripped
  TSNode marker{};               // the heredoc_marker node
  TSNode body{};                 // the heredoc node (null when the body is missing)
};

struct HeredocMarker {
  std::string name;
  uint32_t file_descriptor = 0;
  bool expand = true;
  bool chomp = false;
};

// Parses a marker's text, e.g. `<<EOF`, `3<<-'END'`, `<<  EOF` or `<<eo\'f`.
HeredocMarker parse_heredoc_marker(std::string_view text);

// The heredocs of `instruction`, in marker order (for ONBUILD, those of the nested
// instruction). Empty for instructions in JSON form and for those without markers.
std::vector<Heredoc> heredocs_of(const Document& doc, TSNode instruction);

}  // namespace whalesafe::syntax
