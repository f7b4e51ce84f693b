// Helpers shared by the shell tests: Dockerfiles with `[[...]]` range markers.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "shell/ranges.h"
#include "shell/script.h"

namespace whalesafe::shell::testing {

// A text with `[[` and `]]` markers removed; `ranges` holds the byte range each pair
// enclosed, in the order the pairs open. (Test texts avoid bash's own `[[ ]]`.)
struct Marked {
  std::string text;
  std::vector<ByteRange> ranges;
};

inline Marked marked(std::string_view annotated) {
  Marked out;
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < annotated.size(); ++i) {
    if (annotated.substr(i, 2) == "[[") {
      open.push_back(out.ranges.size());
      out.ranges.push_back(ByteRange{static_cast<uint32_t>(out.text.size()), 0});
      ++i;
    } else if (annotated.substr(i, 2) == "]]" && !open.empty()) {
      out.ranges[open.back()].end = static_cast<uint32_t>(out.text.size());
      open.pop_back();
      ++i;
    } else {
      out.text.push_back(annotated[i]);
    }
  }
  REQUIRE(open.empty());
  return out;
}

inline std::string_view slice(std::string_view text, ByteRange r) {
  return text.substr(r.start, r.end - r.start);
}

// The first argument of any command whose text (static value or raw) is `text`.
inline const Word* find_word(const Script& script, std::string_view text) {
  for (const Command& c : script.commands) {
    if (c.name && c.name->text() == text) return &*c.name;
    for (const Word& w : c.args) {
      if (w.text() == text) return &w;
    }
  }
  return nullptr;
}

// The first command whose name is `name`.
inline const Command* find_command(const Script& script, std::string_view name) {
  for (const Command& c : script.commands) {
    if (c.name && c.name->text() == name) return &c;
  }
  return nullptr;
}

}  // namespace whalesafe::shell::testing

namespace Catch {
template <>
struct StringMaker<whalesafe::shell::ByteRange> {
  static std::string convert(const whalesafe::shell::ByteRange& r) {
    return "[" + std::to_string(r.start) + "," + std::to_string(r.end) + ")";
  }
};
}  // namespace Catch
