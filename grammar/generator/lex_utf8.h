// Strict UTF-8 decoding of grammar text (string literals and regex sources).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tsgen {

// Decodes `text` into Unicode scalar values. Returns nullopt on malformed UTF-8
// (overlong forms, surrogates, truncated sequences, values above U+10FFFF).
inline std::optional<std::vector<int32_t>> decode_utf8(std::string_view text) {
  std::vector<int32_t> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<uint8_t>(text[i]);
    int len;
    int32_t cp;
    int32_t min;
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (i + static_cast<size_t>(len) > text.size()) return std::nullopt;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<uint8_t>(text[i + static_cast<size_t>(k)]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

}  // namespace tsgen
