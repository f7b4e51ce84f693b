// The Dockerfile ranges a rule has reported so far, so that one problem found two ways (an
// option the invocation reader knows and the same text read as a setting) is reported once.
#pragma once

#include <cstdint>
#include <vector>

namespace whalesafe::rules {

class ReportedRanges {
 public:
  // False when [start, end) overlaps a range already taken; else takes it.
  bool take(uint32_t start, uint32_t end) {
    for (const auto& [s, e] : taken_) {
      if (start < e && s < end) return false;
    }
    taken_.push_back({start, end});
    return true;
  }

 private:
  struct Range {
    uint32_t start;
    uint32_t end;
  };
  std::vector<Range> taken_;
};

}  // namespace whalesafe::rules
