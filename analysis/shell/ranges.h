// Byte ranges in shell text and in the Dockerfile, and the Dockerfile side of a mapped range.
#pragma once

#include <cstdint>
#include <vector>

namespace whalesafe::shell {

// A half-open byte range [start, end).
struct ByteRange {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  bool contains(const ByteRange& other) const { return start <= other.start && other.end <= end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// A shell-text range seen in the Dockerfile. Shell text is the Dockerfile with line
// continuations (and the comment lines inside them) cut out, so one shell range can come
// from several Dockerfile runs: `pieces` lists them in order, `covering` spans them all.
// Text the extractor inserted (no Dockerfile bytes) has no piece; a range made only of such
// text has no pieces and an empty `covering` at the place it was inserted.
struct MappedRange {
  ByteRange covering;
  std::vector<ByteRange> pieces;
  friend bool operator==(const MappedRange&, const MappedRange&) = default;
};

}  // namespace whalesafe::shell
