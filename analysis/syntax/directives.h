// Parser directives (`# syntax=`, `# escape=`, `# check=`) as BuildKit reads them: only in the
// leading run of lines that match the directive pattern; the first other line (blank lines,
// other comments and instructions included) ends the directive zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::syntax {

struct Directive {
  std::string name;   // lower-cased: "syntax", "escape" or "check"
  std::string value;  // as written, without surrounding blanks
  uint32_t line = 0;  // 0-based source line
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;  // end of the line's content (before the line ending)
};

struct DirectiveError {
  std::string message;  // BuildKit's wording
  uint32_t line = 0;    // 0-based
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
};

struct Directives {
  std::vector<Directive> directives;
  char escape = '\\';                   // the escape token in force
  std::optional<DirectiveError> error;  // repeated directive or invalid escape value
};

// Reads the directives at the top of `source` (a leading UTF-8 BOM is ignored).
Directives read_directives(std::string_view source);

}  // namespace whalesafe::syntax
