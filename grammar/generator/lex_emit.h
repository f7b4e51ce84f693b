// DFA minimization and C emission of a lex function (parser.h lexer macros).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lex_charset.h"

namespace tsgen {

struct LexDfa {
  struct Edge {
    CharSet chars;  // disjoint across one state's edges; never contains 0
    int target;
    bool skip;  // SKIP (separator) rather than ADVANCE
  };
  struct State {
    int accept_symbol = -1;  // -1: accepts nothing
    std::string accept_name;  // for a comment
    bool eof = false;         // accepts the end of input
    std::vector<Edge> edges;
  };
  std::vector<State> states;
  std::vector<int> starts;  // lex state id -> state index
};

// A minimized DFA restricted to the states reachable from the starts. State numbers are the
// `case` labels of the emitted switch: start i (lex state id i) has number i; starts that
// minimize to the same state share one body with several labels; the remaining states are
// numbered from starts.size() on, in breadth-first order.
struct MinimizedLexDfa {
  struct State {
    std::vector<int> labels;  // labels[0] is the state's number; the rest are merged starts
    int accept_symbol = -1;
    std::string accept_name;
    bool eof = false;
    std::vector<LexDfa::Edge> edges;  // targets are state numbers
  };
  std::vector<State> states;  // sorted by number
};

// Throws GrammarError if more than 65535 numbers would be needed.
MinimizedLexDfa minimize_lex_dfa(const LexDfa& dfa);

std::string emit_lex_function(const MinimizedLexDfa& dfa, const std::string& fn_name,
                              const std::function<std::string(int)>& symbol_expr);

// A C condition on `lookahead` that is true exactly for the members of `set` (which must not
// contain 0). Picks the cheaper of a positive test and a negated test of the complement.
std::string lex_condition(const CharSet& set);

}  // namespace tsgen
