// Thompson NFA over lexer input values, with every state owned by one token alternative
// (owner >= 0) or by the separators (owner == kSeparatorOwner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lex_charset.h"
#include "regex_parser.h"

namespace tsgen {

inline constexpr int kSeparatorOwner = -1;

class Nfa {
 public:
  struct Transition {
    CharSet chars;  // never empty, never contains 0 (U+0000 / end of input)
    int target;
  };
  struct State {
    std::vector<Transition> transitions;
    std::vector<int> epsilons;
    int owner = kSeparatorOwner;
    bool accepting = false;
  };

  explicit Nfa(size_t max_states = 500000) : max_states_(max_states) {}

  int add_state(int owner);
  void add_epsilon(int from, int to) { states_[static_cast<size_t>(from)].epsilons.push_back(to); }
  // Adds a fragment for `node`; returns its (entry, exit) states. Throws GrammarError when the
  // NFA would exceed max_states.
  std::pair<int, int> add_fragment(const RegexNode& node, int owner);
  // Adds `node` with a fresh entry state and an accepting exit state; returns the entry.
  int add_token(const RegexNode& node, int owner);

  const State& state(int id) const { return states_[static_cast<size_t>(id)]; }
  size_t size() const { return states_.size(); }

  // Plain epsilon closure (sorted).
  std::vector<int> closure(const std::vector<int>& seeds) const;
  bool accepts_empty(int start) const;
  bool can_accept_something(int start) const;  // some non-empty or empty path reaches an accepting state
  CharSet first_chars(int start) const;        // values a match can begin with
  // Full-match test, for unit tests: does the text (code points) lead from start to an accepting state?
  bool matches(int start, const std::vector<int32_t>& text) const;

 private:
  std::vector<State> states_;
  size_t max_states_;
};

}  // namespace tsgen
