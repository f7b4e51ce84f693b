#include "lex_charset.h"

#include <algorithm>
#include <cstdio>

namespace tsgen {

CharSet CharSet::range(int32_t lo, int32_t hi) {
  CharSet s;
  s.add_range(lo, hi);
  return s;
}

CharSet CharSet::all() { return range(kInvalidCodePoint, kMaxCodePoint); }

void CharSet::add_range(int32_t lo, int32_t hi) {
  if (lo > hi) return;
  // Find the first range that ends at or after lo - 1 (could merge with it).
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), lo, [](const Range& r, int32_t v) {
    return static_cast<int64_t>(r.hi) + 1 < v;
  });
  auto last = it;
  int32_t new_lo = lo;
  int32_t new_hi = hi;
  while (last != ranges_.end() && static_cast<int64_t>(last->lo) <= static_cast<int64_t>(hi) + 1) {
    new_lo = std::min(new_lo, last->lo);
    new_hi = std::max(new_hi, last->hi);
    ++last;
  }
  it = ranges_.erase(it, last);
  ranges_.insert(it, Range{new_lo, new_hi});
}

void CharSet::add(const CharSet& other) {
  if (ranges_.empty()) {
    ranges_ = other.ranges_;
    return;
  }
  for (const Range& r : other.ranges_) add_range(r.lo, r.hi);
}

void CharSet::remove(int32_t c) { *this = *this - single(c); }

CharSet CharSet::operator|(const CharSet& other) const {
  CharSet result = *this;
  result.add(other);
  return result;
}

CharSet CharSet::operator&(const CharSet& other) const {
  CharSet result;
  size_t i = 0, j = 0;
  while (i < ranges_.size() && j < other.ranges_.size()) {
    const Range& a = ranges_[i];
    const Range& b = other.ranges_[j];
    const int32_t lo = std::max(a.lo, b.lo);
    const int32_t hi = std::min(a.hi, b.hi);
    if (lo <= hi) result.ranges_.push_back(Range{lo, hi});
    if (a.hi < b.hi) {
      ++i;
    } else {
      ++j;
    }
  }
  return result;
}

CharSet CharSet::complement() const {
  CharSet result;
  int64_t next = kInvalidCodePoint;
  for (const Range& r : ranges_) {
    if (r.lo > next) result.ranges_.push_back(Range{static_cast<int32_t>(next), r.lo - 1});
    next = static_cast<int64_t>(r.hi) + 1;
  }
  if (next <= kMaxCodePoint) result.ranges_.push_back(Range{static_cast<int32_t>(next), kMaxCodePoint});
  return result;
}

CharSet CharSet::operator-(const CharSet& other) const { return *this & other.complement(); }

bool CharSet::contains(int32_t c) const {
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), c,
                             [](const Range& r, int32_t v) { return r.hi < v; });
  return it != ranges_.end() && it->lo <= c;
}

bool CharSet::intersects(const CharSet& other) const { return !(*this & other).empty(); }

uint64_t CharSet::size() const {
  uint64_t n = 0;
  for (const Range& r : ranges_) n += static_cast<uint64_t>(static_cast<int64_t>(r.hi) - r.lo + 1);
  return n;
}

namespace {

// Appends the simple case counterparts of c (not c itself).
void case_variants(int32_t c, std::vector<int32_t>& out) {
  auto pair_upper_lower = [&](int32_t upper_first, int32_t upper_last, int32_t delta) {
    if (c >= upper_first && c <= upper_last) out.push_back(c + delta);
    if (c >= upper_first + delta && c <= upper_last + delta) out.push_back(c - delta);
  };
  // ASCII letters.
  pair_upper_lower('A', 'Z', 32);
  // Latin-1: U+00C0-U+00DE <-> U+00E0-U+00FE, except the multiplication/division signs.
  if (c != 0xD7 && c != 0xF7) pair_upper_lower(0xC0, 0xDE, 32);
  if (c == 0xFF) out.push_back(0x178);
  if (c == 0x178) out.push_back(0xFF);
  // Latin Extended-A: alternating upper/lower pairs.
  auto alternating = [&](int32_t first_upper, int32_t last_lower) {
    if (c < first_upper || c > last_lower) return;
    const bool is_upper = ((c - first_upper) % 2) == 0;
    out.push_back(is_upper ? c + 1 : c - 1);
  };
  alternating(0x100, 0x12F);
  alternating(0x132, 0x137);
  alternating(0x139, 0x148);
  alternating(0x14A, 0x177);
  alternating(0x179, 0x17E);
  // Basic Greek (final sigma folds with sigma).
  if (c != 0x3A2) pair_upper_lower(0x391, 0x3A9, 32);
  if (c == 0x3C2) {
    out.push_back(0x3A3);
    out.push_back(0x3C3);
  }
  if (c == 0x3A3 || c == 0x3C3) out.push_back(0x3C2);
  // Basic Cyrillic.
  pair_upper_lower(0x410, 0x42F, 32);
  pair_upper_lower(0x400, 0x40F, 80);
}

}  // namespace

CharSet CharSet::case_folded() const {
  CharSet result = *this;
  const CharSet foldable = range('A', 0x45F) & *this;
  std::vector<int32_t> variants;
  for (const Range& r : foldable.ranges_) {
    for (int32_t c = r.lo; c <= r.hi; ++c) {
      variants.clear();
      case_variants(c, variants);
      for (int32_t v : variants) result.add(v);
    }
  }
  return result;
}

std::string CharSet::debug_string() const {
  std::string out = "[";
  char buf[40];
  for (const Range& r : ranges_) {
    if (r.lo == r.hi) {
      std::snprintf(buf, sizeof buf, " %d", r.lo);
    } else {
      std::snprintf(buf, sizeof buf, " %d-%d", r.lo, r.hi);
    }
    out += buf;
  }
  out += " ]";
  return out;
}

CharSet js_whitespace_class() {
  CharSet s;
  s.add_range('\t', '\r');  // \t \n \v \f \r
  s.add(' ');
  s.add(0xA0);
  s.add(0x1680);
  s.add_range(0x2000, 0x200A);
  s.add_range(0x2028, 0x2029);
  s.add(0x202F);
  s.add(0x205F);
  s.add(0x3000);
  s.add(0xFEFF);
  return s;
}

CharSet js_digit_class() { return CharSet::range('0', '9'); }

CharSet js_word_class() {
  CharSet s = CharSet::range('0', '9');
  s.add_range('A', 'Z');
  s.add_range('a', 'z');
  s.add('_');
  return s;
}

}  // namespace tsgen
