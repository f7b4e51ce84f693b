// Lexer generator: token rules -> NFA -> per-valid-set DFA start states -> C lex function.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "lex_charset.h"
#include "lex_rule.h"
#include "nfa.h"

namespace tsgen {

struct LexDfa;

class LexerBuilder {
 public:
  // separators: the grammar's non-symbol extras (e.g. /[ \t]+/ or /\s/), skipped before every
  // non-immediate token. Throws GrammarError if a token can match the empty string, can match
  // nothing at all, or uses an unsupported regex construct (messages name the token).
  // TokenSpecs with the same symbol are alternatives of one token.
  LexerBuilder(std::vector<TokenSpec> tokens, std::vector<LexRule> separators);

  // The lex state (DFA start state) for a parse state whose valid terminals are `valid_symbols`
  // and, if eof_valid, the end of input. Identical requests return the same id; ids are
  // 0, 1, 2, ... in order of first request. Throws GrammarError on an ambiguous token pair
  // unless allow_ambiguity (then the token declared first wins). Throws std::invalid_argument
  // for a symbol that no TokenSpec has.
  uint16_t lex_state_for(const std::vector<int>& valid_symbols, bool eof_valid, bool allow_ambiguity = false);

  // The lex state for the error-recovery parse state, where the runtime lexes whatever the
  // surrounding construct. Lexical precedence, declared to settle conflicts between tokens that
  // are valid together, means nothing between tokens of unrelated contexts, so here the longest
  // match wins: recovery then skips broken text in few, large tokens. On equal length a
  // `preferred` symbol wins (the renderer passes the tokens that can begin the input, where
  // recovery can resynchronize), then the usual rules, then the symbol declared first: ambiguity
  // is never reported. Ids are shared with lex_state_for().
  uint16_t recovery_lex_state_for(const std::vector<int>& valid_symbols, bool eof_valid,
                                  const std::vector<int>& preferred);

  // Conservative overlap test for the `reusable` flag: false only if a and b can never both
  // match a non-empty prefix starting at the same position. True when their first-character
  // sets intersect, when a == b, or when either token's first characters can start a
  // separator (such a token can lex differently depending on what else is valid).
  bool tokens_may_conflict(int symbol_a, int symbol_b) const;

  // Emits `static bool <fn_name>(TSLexer *lexer, TSStateId state) {...}` using parser.h's
  // lexer macros; accepted tokens are written as their numeric symbol ids.
  std::string emit_c(const std::string& fn_name) const;
  // Same, writing each accepted symbol as symbol_expr(symbol) (e.g. "sym_word").
  std::string emit_c(const std::string& fn_name, const std::function<std::string(int)>& symbol_expr) const;

  // Number of DFA states emitted (after minimization), over all lex states requested so far.
  size_t dfa_state_count() const;
  // Number of distinct lex states handed out so far.
  size_t lex_state_count() const { return lex_starts_.size(); }

  // The token's first characters (union over alternatives), for diagnostics and tests.
  CharSet first_chars(int symbol) const;

 private:
  struct Alternative {
    int symbol;
    std::string name;
    bool is_string;
    int precedence;
    bool immediate;
    int start;  // NFA entry
  };
  struct Context {  // what a completed separator leads back to, per lex state
    std::vector<int> post_separator;  // NFA states: separator entry + non-immediate valid tokens
    bool eof_valid;
  };
  struct Edge {
    CharSet chars;
    int target;
    bool skip;
  };
  // How the DFA states of a lex state choose their token. Id 0: the ordinary rules.
  struct Resolution {
    bool longest_first = false;  // no precedence cut-offs: the longest match wins
    std::vector<int> preferred;  // sorted symbols that win ties (before precedence)
    auto operator<=>(const Resolution&) const = default;
  };
  struct DState {
    std::vector<int> nfa;  // sorted NFA state set
    bool eof = false;      // accepts end of input (still in the separator prefix)
    int ctx = -1;          // Context id when the set holds separator states, else -1
    int resolution = 0;    // Resolution id
    int accept_alt = -1;   // winning alternative, -1 if none
    int ambiguous_a = -1;  // alternatives of two different symbols tied here, or -1
    int ambiguous_b = -1;
    std::vector<Edge> edges;
  };
  using DKey = std::tuple<std::vector<int>, bool, int, int>;  // nfa, eof, ctx, resolution

  std::vector<int> closure(const std::vector<int>& seeds, int ctx) const;
  int intern_context(std::vector<int> post_separator, bool eof_valid);
  int intern_resolution(Resolution resolution);
  int get_or_add_state(std::vector<int> nfa_states, bool eof, int ctx, int resolution);
  uint16_t request_lex_state(const std::vector<int>& valid_symbols, bool eof_valid, int resolution,
                             bool check);
  void populate(int id);
  void resolve_accept(DState& st) const;
  void check_unambiguous(int start) const;
  LexDfa build_lex_dfa() const;

  std::vector<Alternative> alts_;
  std::map<int, std::vector<int>> symbol_alts_;  // symbol -> alternative indices
  Nfa nfa_;
  int separator_start_ = -1;
  int separator_accept_ = -1;
  CharSet separator_first_;

  std::vector<Context> contexts_;
  std::map<std::pair<std::vector<int>, bool>, int> context_ids_;
  std::vector<Resolution> resolutions_{Resolution{}};
  std::vector<DState> states_;
  std::map<DKey, int> state_ids_;

  // (valid symbols, eof valid, resolution) -> lex id
  std::map<std::tuple<std::vector<int>, bool, int>, uint16_t> lex_requests_;
  std::map<int, uint16_t> lex_id_for_start_;
  std::vector<int> lex_starts_;       // lex id -> DState
  std::vector<bool> lex_checked_;     // checked for ambiguity
  std::map<int, CharSet> first_chars_;  // symbol -> first characters
  size_t populated_ = 0;              // states_[0, populated_) have their edges

  mutable std::vector<int> mark_;     // scratch for closure()
  mutable int mark_gen_ = 0;
};

}  // namespace tsgen
