// LineIndex: converts between byte offsets in a document's UTF-8 text and LSP positions (0-based
// line, character in the negotiated encoding's code units). Lines end at "\n", "\r\n" or "\r",
// as the LSP specification defines them. Out-of-range positions are clamped, never rejected:
// a character past the end of its line means the end of the line, a line past the last line
// means the end of the text, and a position inside a character means that character's start.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace whalesafe::lsp::protocol {

enum class PositionEncoding { kUtf8, kUtf16 };

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

class LineIndex {
 public:
  LineIndex() : starts_{0} {}
  explicit LineIndex(std::string_view text) { reset(text); }

  void reset(std::string_view text);

  // Byte offset of `position` in `text` (the text this index was built from).
  uint32_t offset(std::string_view text, Position position, PositionEncoding encoding) const;
  // Position of byte offset `byte` (clamped to the text) in `text`.
  Position position(std::string_view text, uint32_t byte, PositionEncoding encoding) const;

  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  // [start, end) of line `line`'s content, without its line break.
  std::pair<uint32_t, uint32_t> line_bounds(std::string_view text, uint32_t line) const;

  std::vector<uint32_t> starts_;
};

// Length in bytes of the UTF-8 sequence starting at `text[i]` and the number of UTF-16 code
// units it stands for; an invalid byte counts as one byte and one unit (U+FFFD).
struct CodePoint {
  uint32_t bytes = 1;
  uint32_t utf16_units = 1;
};
CodePoint code_point_at(std::string_view text, std::size_t i);

}  // namespace whalesafe::lsp::protocol
