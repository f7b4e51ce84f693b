// Sets of lexer input values: Unicode scalar values plus -1, the runtime's
// "invalid UTF-8 byte" lookahead. The domain is [-1, 0x10FFFF].
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace tsgen {

inline constexpr int32_t kInvalidCodePoint = -1;  // lookahead for a byte that is not valid UTF-8
inline constexpr int32_t kMaxCodePoint = 0x10FFFF;

class CharSet {
 public:
  struct Range {
    int32_t lo;
    int32_t hi;  // inclusive
    auto operator<=>(const Range&) const = default;
  };

  CharSet() = default;
  static CharSet single(int32_t c) { return range(c, c); }
  static CharSet range(int32_t lo, int32_t hi);
  static CharSet all();  // the whole domain, including -1 and 0

  void add(int32_t c) { add_range(c, c); }
  void add_range(int32_t lo, int32_t hi);
  void add(const CharSet& other);
  void remove(int32_t c);

  CharSet operator|(const CharSet& other) const;
  CharSet operator&(const CharSet& other) const;
  CharSet operator-(const CharSet& other) const;
  CharSet complement() const;  // within [-1, kMaxCodePoint]

  bool contains(int32_t c) const;
  bool empty() const { return ranges_.empty(); }
  bool intersects(const CharSet& other) const;
  uint64_t size() const;
  const std::vector<Range>& ranges() const { return ranges_; }

  // Closure under simple case mapping (ASCII, Latin-1, Latin Extended-A, basic Greek and
  // Cyrillic), as used by the regex `i` flag.
  CharSet case_folded() const;

  std::string debug_string() const;

  auto operator<=>(const CharSet&) const = default;
  bool operator==(const CharSet&) const = default;

 private:
  std::vector<Range> ranges_;  // sorted, disjoint, non-adjacent
};

// JavaScript's \s, \d and \w.
CharSet js_whitespace_class();
CharSet js_digit_class();
CharSet js_word_class();

}  // namespace tsgen
