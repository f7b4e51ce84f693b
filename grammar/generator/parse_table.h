// LR(1) parse table construction with precedence-based conflict resolution,
// tree-sitter's repetition handling (REDUCE + SHIFT_REPEAT) and readable
// conflict reports.
#pragma once

#include <map>
#include <vector>

#include "prepared_grammar.h"

namespace tsgen {

struct ParseAction {
  enum class Type { Shift, Reduce, Accept, Recover };
  Type type = Type::Shift;
  int state = 0;            // Shift
  bool extra = false;       // Shift: SHIFT_EXTRA
  bool repetition = false;  // Shift: SHIFT_REPEAT
  int production = 0;       // Reduce: index into PreparedGrammar::productions
  bool operator==(const ParseAction&) const = default;
};

struct ParseState {
  std::map<int, std::vector<ParseAction>>
      actions;               // terminal -> actions (reduces first, shift last)
  std::map<int, int> gotos;  // non-terminal -> state
};

struct ParseTable {
  std::vector<ParseState> states;  // 0: error recovery, 1: start
};

// Throws GrammarError on an unresolved conflict, naming the rules involved.
ParseTable build_parse_table(const PreparedGrammar& grammar);

}  // namespace tsgen
