#include "buildkit_dump.h"

#include "directives.h"
#include "tree_util.h"

namespace whalesafe::syntax {

BuildkitParse buildkit_parse(const Document& doc) {
  BuildkitParse parse;
  parse.escape = read_directives(doc.text()).escape;
  for (const TSNode instruction : doc.instructions()) {
    BuildkitInstruction item;
    item.line = logical_line(doc, instruction, parse.escape);
    BuildkitLineResult result = parse_buildkit_line(item.line.text, parse.escape);
    item.node = std::move(result.node);
    item.error = std::move(result.error);
    parse.instructions.push_back(std::move(item));
  }
  return parse;
}

std::string buildkit_dump(const BuildkitParse& parse) {
  std::string out;
  for (const BuildkitInstruction& item : parse.instructions) {
    if (!item.node) continue;
    out += "(" + item.node->dump() + ")\n";
  }
  return out;
}

std::string buildkit_dump(const Document& doc) { return buildkit_dump(buildkit_parse(doc)); }

}  // namespace whalesafe::syntax
