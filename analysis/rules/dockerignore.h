// .dockerignore files, read and matched as Docker does (moby's ignorefile and patternmatcher
// semantics, reimplemented from their documentation):
//
//   - one pattern per line; lines starting with `#` are comments, blank lines are skipped;
//     surrounding blanks are trimmed; a leading `!` makes the pattern an exception;
//   - patterns are cleaned like paths (`./a//b/` is `a/b`, `a/../b` is `b`) and a leading `/`
//     is dropped: every pattern is relative to the context root;
//   - `*` matches any run of characters but `/`, `?` one character but `/`, `[a-z]` a class
//     (`[^...]` negated), `\` escapes the next character, and `**` any number of directories,
//     including none (`**/*.go`, `docs/**`);
//   - a pattern excludes a path when it matches the path or one of its parent directories
//     (`node_modules` excludes `node_modules/x/y`), and the last pattern that matches decides:
//     `*` then `!src` excludes everything but src.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::rules {

// A context-relative path as Docker compares it: `/` separators, `.` and empty components
// dropped, `..` resolved, no leading `/`; "." for the context root itself.
std::string clean_context_path(std::string_view path);

class DockerIgnore {
 public:
  struct Pattern {
    std::string text;        // cleaned, without the `!`
    bool exception = false;  // written with a leading `!`
    std::size_t line = 0;    // 1-based line in the file
  };

  // Reads the text of a .dockerignore file.
  static DockerIgnore parse(std::string_view text);

  const std::vector<Pattern>& patterns() const { return patterns_; }

  // The pattern that excludes `path` (cleaned with clean_context_path), or nullptr when the
  // path is sent to the builder.
  const Pattern* excluding_pattern(std::string_view path) const;

  // Whether some exception pattern could re-include a file below `path`, were it a directory:
  // then an excluded directory may still hold files the build can copy.
  bool may_include_below(std::string_view path) const;

  // Whether the glob `pattern` matches all of `path`, as one .dockerignore pattern does.
  static bool glob_match(std::string_view pattern, std::string_view path);

 private:
  std::vector<Pattern> patterns_;
};

}  // namespace whalesafe::rules
