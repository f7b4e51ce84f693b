// A hash for unordered maps keyed by std::string that look keys up by std::string_view, without
// making a std::string of the text first (the memos look up every instruction's bytes at every
// analysis). Use with std::equal_to<> as the key-equal.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace whalesafe::syntax {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const noexcept {
    return std::hash<std::string_view>{}(key);
  }
};

}  // namespace whalesafe::syntax
