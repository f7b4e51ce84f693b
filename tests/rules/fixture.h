// Rule fixtures: tests/rules/fixtures/<slug>.Dockerfile states its expected diagnostics in
// comments under the line they are about (the "target": the nearest line above that is not
// itself an expectation):
//
//   FROM ubuntu
//   #    ^^^^^^ base-image-untagged: has no tag
//
// carets mark the columns (inclusive) on the target line; text after `slug:` must occur in the
// message. Ranges that start in column 1 or span lines use the explicit form, with an
// exclusive end column, on the target line or N lines below it:
//
//   # expect: instruction-casing 1-5
//   # expect: syntax-error 1-2:1: unterminated
//   # expect[-2]: add-instead-of-copy 1-4      (about the line 2 lines above the target, e.g.
//                                              an instruction followed by a heredoc body)
//
// Fixtures run with every rule enabled and with testing::settings_for(slug) (support.h): the
// test settings, in the build context tests/rules/contexts/<slug>/ when there is one.
// `# ok: <why>` comments mark negative cases (code that looks similar but is fine); every
// fixture needs at least one. `<slug>.Dockerfile.fixed` is the text after applying that rule's
// fixes (safe and unsafe) until nothing changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace whalesafe::testing {

struct Expectation {
  std::string rule;
  uint32_t line = 0;  // 1-based
  uint32_t column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;  // exclusive
  std::string message;      // substring; may be empty
  uint32_t written_on = 0;  // line of the expectation comment
};

struct Fixture {
  std::vector<Expectation> expectations;
  std::size_t ok_markers = 0;
  std::vector<std::string> errors;  // malformed expectation lines
};

Fixture parse_fixture(const std::string& text);

}  // namespace whalesafe::testing
