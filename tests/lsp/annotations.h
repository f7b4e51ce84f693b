// Test text with marked positions, as clangd's tests write them: `^` is a point and
// `[[...]]` a range, optionally named (`$fix^`, `$fix[[...]]`). The markers are removed from
// the text; points and ranges are byte offsets into what remains. Only for test texts that
// contain neither `^`, `[[`, `]]` nor `$name` followed by a marker of their own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whalesafe::testing {

struct ByteRange {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

class Annotations {
 public:
  explicit Annotations(std::string_view annotated);

  const std::string& code() const { return code_; }
  // The one point (range) with this name ("" for unnamed); throws when there is not exactly one.
  uint32_t point(const std::string& name = "") const;
  ByteRange range(const std::string& name = "") const;
  std::vector<uint32_t> points(const std::string& name = "") const;
  std::vector<ByteRange> ranges(const std::string& name = "") const;

 private:
  std::string code_;
  std::map<std::string, std::vector<uint32_t>> points_;
  std::map<std::string, std::vector<ByteRange>> ranges_;
};

}  // namespace whalesafe::testing
