#include "go_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace whalesafe::syntax::go {
namespace {

struct RuneRange {
  char32_t first;
  char32_t last;
};

constexpr RuneRange kPrintRanges[] = {
#include "go_print_table.inc"
};

constexpr char kLowerHex[] = "0123456789abcdef";

}  // namespace

DecodedRune decode_rune(std::string_view s) {
  if (s.empty()) return {kRuneError, 0};
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t need = 0;
  char32_t r = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    r = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    r = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    r = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {kRuneError, 1};
  }
  if (s.size() < need + 1) return {kRuneError, 1};
  for (std::size_t i = 1; i <= need; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const unsigned char min = i == 1 ? lo : 0x80;
    const unsigned char max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) return {kRuneError, 1};
    r = (r << 6) | (b & 0x3F);
  }
  return {r, need + 1};
}

void append_rune(std::string& out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  if (r < 0x80) {
    out.push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (r >> 6)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (r >> 12)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (r >> 18)));
    out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

bool is_space(char32_t r) {
  if (r <= 0xFF) {
    switch (r) {
      case '\t':
      case '\n':
      case '\v':
      case '\f':
      case '\r':
      case ' ':
      case 0x85:
      case 0xA0:
        return true;
      default:
        return false;
    }
  }
  // unicode.White_Space above Latin-1.
  return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
         r == 0x205F || r == 0x3000;
}

std::string_view trim_left_space(std::string_view s) {
  while (!s.empty()) {
    const DecodedRune d = decode_rune(s);
    if (!(d.width > 1 || d.rune != kRuneError) || !is_space(d.rune)) break;
    s.remove_prefix(d.width);
  }
  return s;
}

std::string_view trim_right_space(std::string_view s) {
  while (!s.empty()) {
    // Find the start of the last rune (at most 4 bytes back).
    std::size_t start = s.size() - 1;
    while (start > 0 && s.size() - start < 4 &&
           (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
      --start;
    }
    DecodedRune d = decode_rune(s.substr(start));
    if (start + d.width != s.size()) {
      d = {kRuneError, 1};
      start = s.size() - 1;
    }
    if (d.rune == kRuneError || !is_space(d.rune)) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

std::string_view trim_space(std::string_view s) { return trim_right_space(trim_left_space(s)); }

bool is_print(char32_t r) {
  const auto* end = std::end(kPrintRanges);
  const auto* it =
      std::upper_bound(std::begin(kPrintRanges), end, r,
                       [](char32_t v, const RuneRange& range) { return v < range.first; });
  if (it == std::begin(kPrintRanges)) return false;
  --it;
  return r >= it->first && r <= it->last;
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  while (!s.empty()) {
    const DecodedRune d = decode_rune(s);
    if (d.width == 1 && d.rune == kRuneError) {
      const auto b = static_cast<unsigned char>(s[0]);
      out += "\\x";
      out.push_back(kLowerHex[b >> 4]);
      out.push_back(kLowerHex[b & 0xF]);
      s.remove_prefix(1);
      continue;
    }
    const char32_t r = d.rune;
    s.remove_prefix(d.width);
    if (r == '"' || r == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r));
      continue;
    }
    if (is_print(r)) {
      append_rune(out, r);
      continue;
    }
    switch (r) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (r < ' ' || r == 0x7F) {
          out += "\\x";
          out.push_back(kLowerHex[(r >> 4) & 0xF]);
          out.push_back(kLowerHex[r & 0xF]);
        } else if (r < 0x10000) {
          out += "\\u";
          for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kLowerHex[(r >> shift) & 0xF]);
        } else {
          out += "\\U";
          for (int shift = 28; shift >= 0; shift -= 4) out.push_back(kLowerHex[(r >> shift) & 0xF]);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string quote_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += quote(items[i]);
  }
  out.push_back(']');
  return out;
}

std::vector<std::string> split_ascii_whitespace(std::string_view s, int n) {
  auto is_ws = [](char c) { return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' '; };
  std::vector<std::string> parts;
  if (n == 0) return parts;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (n > 0 && static_cast<int>(parts.size()) == n - 1) break;
    if (is_ws(s[i])) {
      std::size_t j = i;
      while (j < s.size() && is_ws(s[j])) ++j;
      parts.emplace_back(s.substr(start, i - start));
      start = j;
      i = j;
    } else {
      ++i;
    }
  }
  parts.emplace_back(s.substr(start));
  return parts;
}

}  // namespace whalesafe::syntax::go
