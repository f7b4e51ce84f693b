// Dockerfiles with positions marked in the text, as in clangd's tests: `^` marks a point and
// `[[...]]` a range; the markers are removed from code(). Points and ranges are byte offsets in
// code(), in the order they appear. (No named markers: `$` and `@` belong to Dockerfiles.)
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/source_text.h"

namespace whalesafe::test_support {

class Annotations {
 public:
  explicit Annotations(std::string_view text) {
    std::vector<uint32_t> open;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto here = static_cast<uint32_t>(code_.size());
      if (text[i] == '^') {
        points_.push_back(here);
      } else if (text.substr(i, 2) == "[[") {
        open.push_back(here);
        ++i;
      } else if (text.substr(i, 2) == "]]" && !open.empty()) {
        ranges_.push_back({open.back(), here});
        open.pop_back();
        ++i;
      } else {
        code_ += text[i];
      }
    }
    REQUIRE(open.empty());
  }

  const std::string& code() const { return code_; }
  uint32_t point() const {
    REQUIRE(points_.size() == 1);
    return points_.front();
  }
  const std::vector<uint32_t>& points() const { return points_; }
  model::ByteRange range() const {
    REQUIRE(ranges_.size() == 1);
    return ranges_.front();
  }
  const std::vector<model::ByteRange>& ranges() const { return ranges_; }

 private:
  std::string code_;
  std::vector<uint32_t> points_;
  std::vector<model::ByteRange> ranges_;
};

// The text a range covers, for readable failures.
inline std::string covered(const std::string& code, model::ByteRange r) {
  return code.substr(r.start_byte, r.end_byte - r.start_byte);
}

}  // namespace whalesafe::test_support

namespace Catch {
template <>
struct StringMaker<whalesafe::model::ByteRange> {
  static std::string convert(const whalesafe::model::ByteRange& r) {
    return "[" + std::to_string(r.start_byte) + ", " + std::to_string(r.end_byte) + ")";
  }
};
}  // namespace Catch
