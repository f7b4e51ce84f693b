// BuildKit's per-instruction argument parsing (frontend/dockerfile/parser: splitCommand,
// extractBuilderFlags and the dispatch table of line parsers), applied to one logical line.
// Reimplemented from the documented behaviour; see
// shared/conformance/buildkit-parser/README.md for the rules.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::syntax {

// One instruction as BuildKit's parser.Node sees it.
struct BuildkitNode {
  std::string keyword;                // the instruction word as written (e.g. "From")
  std::vector<std::string> flags;     // leading --flags, quotes removed
  std::vector<std::string> args;      // the argument chain (Node.Next values)
  std::shared_ptr<BuildkitNode> sub;  // ONBUILD: the nested instruction (args is empty)
  bool json = false;                  // exec (JSON) form

  // Node.Dump(): `from "alpine"`, `copy ["--from=x"] "a" "b"`, `onbuild (run "x")`.
  std::string dump() const;
};

struct BuildkitLineResult {
  std::optional<BuildkitNode> node;  // set on success
  std::string error;                 // BuildKit's message on failure
};

// newNodeFromLine: parses one logical line (keyword included). `escape` is the escape token
// in force ('\\' or '`').
BuildkitLineResult parse_buildkit_line(std::string_view line, char escape);

// The lower-cased instruction names BuildKit knows.
bool is_known_buildkit_instruction(std::string_view lower_keyword);

// The message BuildKit gives for valid JSON that is not an array of strings.
inline constexpr std::string_view kJsonNotStringArray =
    "when using JSON array syntax, arrays must be comprised of strings only";

}  // namespace whalesafe::syntax
