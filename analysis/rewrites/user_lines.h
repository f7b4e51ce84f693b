// Whole-line text edits for the rewrites that add or remove instructions (add-non-root-user,
// move-secrets): new lines take the file's own line ending (CRLF stays CRLF), an insertion at
// the end of a file without a final newline keeps it without one, and a parser directive is
// added after a BOM, never before it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"
#include "syntax/directives.h"

namespace whalesafe::rewrites {

// "\r\n" when the file's first line ends so, else "\n".
std::string_view line_ending(std::string_view text);

// The offset where the line holding `byte` starts.
uint32_t line_begin(std::string_view text, uint32_t byte);
// The offset just after the line feed that ends the line holding `byte` (the text's size when
// that line is the last one and has no line feed).
uint32_t line_end(std::string_view text, uint32_t byte);

// Inserts `lines` (without line endings) as new lines after the line holding `byte`.
findings::TextEdit insert_lines_after(std::string_view text, uint32_t byte,
                                      const std::vector<std::string>& lines);

// Removes the whole lines that [start, end) touches, line endings included (at the end of a
// file without a final newline, the line ending before them instead, and any blank lines just
// before them: what is left must not end with a line ending either).
findings::TextEdit delete_lines(std::string_view text, uint32_t start, uint32_t end);

// `at` moved back over the line endings (LF or CRLF) just before it: where a deletion that
// runs to the end of a file without a final newline must start, so that the file still ends
// without one.
uint32_t before_line_endings(std::string_view text, uint32_t at);

// The dockerfile frontend version a `# syntax=` directive asks for: {major, minor} for
// `docker/dockerfile:1.10`, `docker.io/docker/dockerfile:1.12.0`, `...:1.10-labs`; nullopt
// for an unversioned or floating reference (`docker/dockerfile:1`, `:latest`), another
// frontend, or no directive.
struct FrontendVersion {
  int major = 0;
  int minor = 0;
};
std::optional<FrontendVersion> syntax_frontend_version(const syntax::Directives& directives);

// Adds `# syntax=docker/dockerfile:1` as the first line when the file has no syntax directive
// (RUN --mount needs a frontend of 1.2 or newer); nullopt when it has one.
std::optional<findings::TextEdit> add_syntax_directive(std::string_view text,
                                                       const syntax::Directives& directives);

}  // namespace whalesafe::rewrites

namespace whalesafe::rewrites {

// Sorts `edits` and folds an insertion into another edit that starts at the same byte (the
// insertion's text first), so that the fix's edits never overlap.
std::vector<findings::TextEdit> merge_insertions(std::vector<findings::TextEdit> edits);

}  // namespace whalesafe::rewrites
