#include "shell/source_map.h"

#include <algorithm>

namespace whalesafe::shell {

void SourceMap::add_copy(uint32_t doc_start, uint32_t length) {
  if (length == 0) return;
  // Merge with the previous copy when the Dockerfile bytes are adjacent: fewer segments, and
  // a range over the seam stays one piece.
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    if (!last.inserted && last.doc_start + last.length == doc_start) {
      last.length += length;
      size_ += length;
      return;
    }
  }
  segments_.push_back(Segment{size_, doc_start, length, false});
  size_ += length;
}

void SourceMap::add_inserted(uint32_t doc_anchor, uint32_t length) {
  if (length == 0) return;
  segments_.push_back(Segment{size_, doc_anchor, length, true});
  size_ += length;
}

void SourceMap::append_from(const SourceMap& other, ByteRange range) {
  for (const Segment& s : other.segments_) {
    const uint32_t from = std::max(range.start, s.shell_start);
    const uint32_t to = std::min(range.end, s.shell_start + s.length);
    if (from >= to) continue;
    if (s.inserted) {
      add_inserted(s.doc_start, to - from);
    } else {
      add_copy(s.doc_start + (from - s.shell_start), to - from);
    }
  }
}

std::size_t SourceMap::segment_at(uint32_t offset) const {
  // First segment whose start is after `offset`, then one back.
  const auto it =
      std::upper_bound(segments_.begin(), segments_.end(), offset,
                       [](uint32_t value, const Segment& s) { return value < s.shell_start; });
  return it == segments_.begin() ? 0 : static_cast<std::size_t>(it - segments_.begin()) - 1;
}

uint32_t SourceMap::to_document(uint32_t offset, bool prefer_end) const {
  if (segments_.empty()) return 0;
  offset = std::min(offset, size_);
  std::size_t i = segment_at(offset);
  if (prefer_end && i > 0 && segments_[i].shell_start == offset) --i;
  const Segment& s = segments_[i];
  if (s.inserted) return s.doc_start;
  return s.doc_start + std::min(offset - s.shell_start, s.length);
}

MappedRange SourceMap::to_document(ByteRange range) const {
  MappedRange out;
  if (segments_.empty()) return out;
  range.end = std::min(range.end, size_);
  range.start = std::min(range.start, range.end);
  if (range.empty()) {
    const uint32_t at = to_document(range.start);
    out.covering = ByteRange{at, at};
    return out;
  }
  for (std::size_t i = segment_at(range.start); i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (s.shell_start >= range.end) break;
    if (s.inserted) continue;
    const uint32_t from = std::max(range.start, s.shell_start) - s.shell_start;
    const uint32_t to = std::min(range.end, s.shell_start + s.length) - s.shell_start;
    if (from < to) out.pieces.push_back(ByteRange{s.doc_start + from, s.doc_start + to});
  }
  if (out.pieces.empty()) {
    const uint32_t at = to_document(range.start);
    out.covering = ByteRange{at, at};
  } else {
    // Text can be moved (see shell_source.h), so pieces need not be in Dockerfile order.
    out.covering = out.pieces.front();
    for (const ByteRange& p : out.pieces) {
      out.covering.start = std::min(out.covering.start, p.start);
      out.covering.end = std::max(out.covering.end, p.end);
    }
  }
  return out;
}

std::optional<uint32_t> SourceMap::to_shell(uint32_t doc_offset) const {
  for (const Segment& s : segments_) {
    if (!s.inserted && doc_offset >= s.doc_start && doc_offset < s.doc_start + s.length) {
      return s.shell_start + (doc_offset - s.doc_start);
    }
  }
  return std::nullopt;
}

void SourceMap::shift(int64_t delta) {
  for (Segment& s : segments_) s.doc_start = static_cast<uint32_t>(s.doc_start + delta);
}

}  // namespace whalesafe::shell
