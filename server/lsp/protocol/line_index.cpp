#include "lsp/protocol/line_index.h"

#include <algorithm>

namespace whalesafe::lsp::protocol {
namespace {

bool continuation(std::string_view text, std::size_t i) {
  return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
}

}  // namespace

CodePoint code_point_at(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return {1, 1};
  uint32_t length = 0;
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
  } else {
    return {1, 1};
  }
  for (uint32_t k = 1; k < length; ++k) {
    if (!continuation(text, i + k)) return {1, 1};
  }
  // Overlong and out-of-range forms that the continuation test lets through.
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) ||
      (b == 0xF4 && b1 > 0x8F)) {
    return {1, 1};
  }
  return {length, length == 4 ? 2u : 1u};
}

void LineIndex::reset(std::string_view text) {
  starts_.clear();
  starts_.push_back(0);
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c == '\n') {
      starts_.push_back(static_cast<uint32_t>(i + 1));
    } else if (c == '\r') {
      if (i + 1 < n && text[i + 1] == '\n') ++i;
      starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

std::pair<uint32_t, uint32_t> LineIndex::line_bounds(std::string_view text, uint32_t line) const {
  const uint32_t size = static_cast<uint32_t>(text.size());
  const uint32_t start = std::min(starts_[line], size);
  uint32_t end = line + 1 < starts_.size() ? std::min(starts_[line + 1], size) : size;
  if (end > start && text[end - 1] == '\n') --end;
  if (end > start && text[end - 1] == '\r') --end;
  return {start, end};
}

uint32_t LineIndex::offset(std::string_view text, Position position,
                           PositionEncoding encoding) const {
  if (position.line >= starts_.size()) return static_cast<uint32_t>(text.size());
  const auto [start, end] = line_bounds(text, position.line);
  if (encoding == PositionEncoding::kUtf8) {
    uint32_t byte = start + std::min(position.character, end - start);
    while (byte > start && byte < end && continuation(text, byte)) --byte;
    return byte;
  }
  uint32_t units = 0;
  uint32_t byte = start;
  while (byte < end) {
    const CodePoint cp = code_point_at(text, byte);
    // A position between the two halves of a surrogate pair means the character's start.
    if (units + cp.utf16_units > position.character) break;
    units += cp.utf16_units;
    byte += cp.bytes;
  }
  return std::min(byte, end);
}

Position LineIndex::position(std::string_view text, uint32_t byte,
                             PositionEncoding encoding) const {
  byte = std::min<uint32_t>(byte, static_cast<uint32_t>(text.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte);
  const auto line = static_cast<uint32_t>(it - starts_.begin() - 1);
  const auto [start, end] = line_bounds(text, line);
  byte = std::min(byte, end);  // inside a "\r\n": the end of the line
  if (encoding == PositionEncoding::kUtf8) return {line, byte - start};
  uint32_t units = 0;
  for (uint32_t i = start; i < byte;) {
    const CodePoint cp = code_point_at(text, i);
    units += cp.utf16_units;
    i += cp.bytes;
  }
  return {line, units};
}

}  // namespace whalesafe::lsp::protocol
