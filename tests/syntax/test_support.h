// Helpers shared by the syntax tests.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "shared_data.h"
#include "syntax/document.h"

namespace whalesafe::syntax::testing {

using test_support::read_file;
using test_support::running_in_ci;
using test_support::shared_path;

// A source text with position markers. A line holding only spaces and one '^' is removed;
// its caret marks a position in the line above it (1-based line and column in characters).
struct Marked {
  std::string text;
  std::vector<LineCol> marks;
};

inline Marked marked(std::string_view annotated) {
  Marked out;
  uint32_t line = 0;  // lines kept so far
  std::size_t pos = 0;
  while (pos < annotated.size()) {
    std::size_t nl = annotated.find('\n', pos);
    const bool has_nl = nl != std::string_view::npos;
    if (!has_nl) nl = annotated.size();
    const std::string_view l = annotated.substr(pos, nl - pos);
    const std::size_t caret = l.find('^');
    const bool is_marker = caret != std::string_view::npos && l.find_first_not_of(' ') == caret &&
                           caret + 1 == l.size() && line > 0;
    if (is_marker) {
      out.marks.push_back(LineCol{line, static_cast<uint32_t>(caret + 1)});
    } else {
      out.text.append(l);
      if (has_nl) out.text.push_back('\n');
      ++line;
    }
    pos = has_nl ? nl + 1 : nl;
  }
  return out;
}

}  // namespace whalesafe::syntax::testing
