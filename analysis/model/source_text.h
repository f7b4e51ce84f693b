// The text of a syntax node as BuildKit reads it, with a map back to document bytes.
//
// BuildKit joins an instruction's physical lines before it looks at words, so a word may span
// a line continuation (`ENV A=abc\<newline>def` sets A to "abcdef"). The grammar keeps those
// continuations (and the comment lines they swallow) as `line_continuation` nodes inside the
// word's node; SourceText drops them and remembers where every remaining byte came from, so a
// position found in the joined text can be reported in the document.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/document.h"

namespace whalesafe::model {

// A half-open range of document bytes.
struct ByteRange {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

inline ByteRange range_of(TSNode node) {
  return {ts_node_start_byte(node), ts_node_end_byte(node)};
}

struct SourceText {
  std::string text;
  // offsets[i] is the document byte of text[i]. Empty when the text is not a copy of document
  // bytes (a decoded JSON string): then every position maps to `whole`. Also empty when
  // `contiguous`.
  std::vector<uint32_t> offsets;
  ByteRange whole;  // the node's range
  // The text is the document's bytes from whole.start_byte on, with nothing left out (most
  // words have no line continuation inside): text[i] is document byte whole.start_byte + i,
  // without a table of offsets to build.
  bool contiguous = false;

  // The document range of text bytes [start, end).
  ByteRange to_document(std::size_t start, std::size_t end) const;

  // Bytes [start, end) of this text, still mapped to the document.
  SourceText slice(std::size_t start, std::size_t end) const;
};

// The bytes of `node` without its line continuations.
SourceText source_text(const syntax::Document& doc, TSNode node);

// A text that does not map byte for byte to the document (e.g. a decoded JSON string): all its
// positions map to `node`'s range.
SourceText detached_text(std::string text, TSNode node);

}  // namespace whalesafe::model
