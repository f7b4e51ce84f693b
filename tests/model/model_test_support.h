// Helpers shared by the model tests: shared reference data, files, and source text with
// `[[...]]` range markers.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "shared_data.h"

namespace whalesafe::model::testing {

using test_support::read_file;
using test_support::running_in_ci;
using test_support::shared_path;

struct ByteRange {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const ByteRange& r) {
  return os << "[" << r.start << "," << r.end << ")";
}

// A source text with `[[` and `]]` markers removed; `ranges` holds the byte range each pair
// enclosed, in the order of their opening markers. Pairs may nest.
struct Annotated {
  std::string text;
  std::vector<ByteRange> ranges;
};

inline Annotated annotated(std::string_view marked) {
  Annotated out;
  std::vector<std::size_t> open;  // indexes into out.ranges still waiting for their `]]`
  std::size_t i = 0;
  while (i < marked.size()) {
    if (marked.substr(i, 2) == "[[") {
      open.push_back(out.ranges.size());
      out.ranges.push_back({static_cast<uint32_t>(out.text.size()), 0});
      i += 2;
    } else if (marked.substr(i, 2) == "]]" && !open.empty()) {
      out.ranges[open.back()].end = static_cast<uint32_t>(out.text.size());
      open.pop_back();
      i += 2;
    } else {
      out.text.push_back(marked[i++]);
    }
  }
  return out;
}

}  // namespace whalesafe::model::testing
