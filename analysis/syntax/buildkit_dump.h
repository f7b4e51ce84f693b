// BuildKit's normalized dump of a Dockerfile (parser.Node.Dump, one `(instruction ...)` line
// per instruction), computed from whalesafe's syntax tree and the source bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "buildkit_line_parser.h"
#include "document.h"
#include "logical_lines.h"

namespace whalesafe::syntax {

// One top-level instruction seen through BuildKit's eyes.
struct BuildkitInstruction {
  LogicalLine line;
  std::optional<BuildkitNode> node;  // empty when BuildKit would reject the line
  std::string error;                 // BuildKit's message when `node` is empty
};

struct BuildkitParse {
  char escape = '\\';
  std::vector<BuildkitInstruction> instructions;
};

// Splits every top-level instruction of `doc` the way BuildKit does. Does not look at syntax
// errors: instructions inside ERROR nodes are skipped.
BuildkitParse buildkit_parse(const Document& doc);

// The dump: one `(...)` line per instruction, each ending in '\n' (the `result` file format
// of BuildKit's parser tests). Instructions BuildKit would reject are left out.
std::string buildkit_dump(const BuildkitParse& parse);
std::string buildkit_dump(const Document& doc);

}  // namespace whalesafe::syntax
