// SourceMap: from offsets in an extracted shell text back to Dockerfile byte offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "shell/ranges.h"

namespace whalesafe::shell {

class SourceMap {
 public:
  // Appends `length` shell bytes that are a copy of the Dockerfile bytes at `doc_start`.
  // Segments are appended in shell-text order with no gap.
  void add_copy(uint32_t doc_start, uint32_t length);
  // Appends `length` shell bytes the extractor made up (a joining line feed, a heredoc
  // terminator), placed at Dockerfile offset `doc_anchor`.
  void add_inserted(uint32_t doc_anchor, uint32_t length);

  // Appends the part of `other` that covers its shell range `range` (text moved around keeps
  // pointing at its Dockerfile bytes).
  void append_from(const SourceMap& other, ByteRange range);

  // Total shell-text length covered.
  uint32_t size() const { return size_; }

  // The Dockerfile offset of shell offset `offset` (a position between bytes). A position on
  // the boundary of two segments is the end of the earlier one when `prefer_end`, else the
  // start of the later one: a range's end uses the former, its start the latter, so a
  // range never swallows the continuation that follows or precedes it.
  uint32_t to_document(uint32_t offset, bool prefer_end = false) const;
  // The Dockerfile pieces and covering range of shell range `range`.
  MappedRange to_document(ByteRange range) const;
  // The shell offset of Dockerfile offset `doc_offset`, when that byte was copied into the
  // shell text (for editor requests that start from a cursor).
  std::optional<uint32_t> to_shell(uint32_t doc_offset) const;

  // Moves every Dockerfile offset by `delta` (the instruction moved; its bytes did not change).
  void shift(int64_t delta);

 private:
  struct Segment {
    uint32_t shell_start = 0;
    uint32_t doc_start = 0;
    uint32_t length = 0;
    bool inserted = false;
  };
  // The index of the segment holding shell byte `offset` (the last one when past the end).
  std::size_t segment_at(uint32_t offset) const;

  std::vector<Segment> segments_;
  uint32_t size_ = 0;
};

}  // namespace whalesafe::shell
