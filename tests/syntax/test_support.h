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

#include "syntax/document.h"

namespace whalesafe::syntax::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

// The shared reference data directory (`relative` inside it), or nullopt when it is missing:
// then the calling test should return early. Missing data is a failure when CI=true.
inline std::optional<std::filesystem::path> shared_path(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(WHALESAFE_SHARED_DIR) / relative;
  if (std::filesystem::exists(path)) return path;
  if (running_in_ci()) {
    FAIL("shared reference data missing at " << path.string() << " (CI=true: not skipping)");
  } else {
    WARN("SKIPPED: shared reference data missing at " << path.string());
  }
  return std::nullopt;
}

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
