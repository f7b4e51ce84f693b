#include "model/unicode_classes.h"

#include <algorithm>
#include <iterator>

namespace whalesafe::model {
namespace {

struct CodePointRange {
  char32_t lo;
  char32_t hi;
};

#include "model/unicode_classes.inc"

template <std::size_t N>
bool in_ranges(const CodePointRange (&ranges)[N], char32_t r) {
  // First range whose upper bound is >= r; r is in the class when that range starts <= r.
  const auto* it =
      std::lower_bound(std::begin(ranges), std::end(ranges), r,
                       [](const CodePointRange& range, char32_t v) { return range.hi < v; });
  return it != std::end(ranges) && it->lo <= r;
}

}  // namespace

bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return in_ranges(kLetterRanges, r);
}

bool is_digit(char32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return in_ranges(kDigitRanges, r);
}

}  // namespace whalesafe::model
