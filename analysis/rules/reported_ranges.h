// The Dockerfile ranges a rule has reported so far, so that one problem found two ways (an
// option the invocation reader knows and the same text read as a setting) is reported once.
#pragma once

#include <cstdint>
#include <iterator>
#include <set>
#include <utility>

namespace whalesafe::rules {

class ReportedRanges {
 public:
  // False when [start, end) overlaps a range already taken; else takes it. Overlap as for
  // half-open ranges: an empty range overlaps only a range it lies strictly inside.
  bool take(uint32_t start, uint32_t end) {
    // Taken ranges never overlap, so in (start, end) order their ends never decrease either:
    // of the ranges starting before `end`, the last one reaches furthest, and only it needs a
    // look. (A scan of every range made a rule quadratic in its findings.)
    auto next = taken_.lower_bound({end, 0});
    if (next != taken_.begin() && std::prev(next)->second > start) return false;
    taken_.emplace_hint(next, start, end);
    return true;
  }

 private:
  std::set<std::pair<uint32_t, uint32_t>> taken_;  // (start, end)
};

}  // namespace whalesafe::rules
