#include "nfa.h"

#include <algorithm>
#include <string>

#include "grammar_error.h"

namespace tsgen {

int Nfa::add_state(int owner) {
  if (states_.size() >= max_states_) {
    throw GrammarError("token patterns are too large (more than " + std::to_string(max_states_) + " NFA states)");
  }
  states_.emplace_back();
  states_.back().owner = owner;
  return static_cast<int>(states_.size() - 1);
}

std::pair<int, int> Nfa::add_fragment(const RegexNode& node, int owner) {
  switch (node.kind) {
    case RegexNode::Kind::Empty: {
      const int s = add_state(owner);
      return {s, s};
    }
    case RegexNode::Kind::Chars: {
      const int s = add_state(owner);
      const int e = add_state(owner);
      CharSet chars = node.chars;
      chars.remove(0);  // never consume the end-of-input lookahead
      if (!chars.empty()) states_[static_cast<size_t>(s)].transitions.push_back(Transition{std::move(chars), e});
      return {s, e};
    }
    case RegexNode::Kind::Seq: {
      const int s = add_state(owner);
      int cur = s;
      for (const RegexNode& child : node.children) {
        auto [cs, ce] = add_fragment(child, owner);
        add_epsilon(cur, cs);
        cur = ce;
      }
      return {s, cur};
    }
    case RegexNode::Kind::Alt: {
      const int s = add_state(owner);
      const int e = add_state(owner);
      for (const RegexNode& child : node.children) {
        auto [cs, ce] = add_fragment(child, owner);
        add_epsilon(s, cs);
        add_epsilon(ce, e);
      }
      return {s, e};
    }
    case RegexNode::Kind::Repeat: {
      const RegexNode& body = node.children.front();
      const int s = add_state(owner);
      int cur = s;
      for (int i = 0; i < node.min; ++i) {
        auto [cs, ce] = add_fragment(body, owner);
        add_epsilon(cur, cs);
        cur = ce;
      }
      const int e = add_state(owner);
      if (node.max < 0) {
        auto [cs, ce] = add_fragment(body, owner);
        add_epsilon(cur, cs);
        add_epsilon(ce, cs);
        add_epsilon(ce, e);
        add_epsilon(cur, e);
      } else {
        for (int i = node.min; i < node.max; ++i) {
          auto [cs, ce] = add_fragment(body, owner);
          add_epsilon(cur, cs);
          add_epsilon(cur, e);  // stop early
          cur = ce;
        }
        add_epsilon(cur, e);
      }
      return {s, e};
    }
  }
  throw GrammarError("unknown regex node kind");
}

int Nfa::add_token(const RegexNode& node, int owner) {
  auto [s, e] = add_fragment(node, owner);
  const int accept = add_state(owner);
  states_[static_cast<size_t>(accept)].accepting = true;
  add_epsilon(e, accept);
  return s;
}

std::vector<int> Nfa::closure(const std::vector<int>& seeds) const {
  std::vector<char> seen(states_.size(), 0);
  std::vector<int> stack(seeds.begin(), seeds.end());
  std::vector<int> out;
  while (!stack.empty()) {
    const int s = stack.back();
    stack.pop_back();
    if (seen[static_cast<size_t>(s)]) continue;
    seen[static_cast<size_t>(s)] = 1;
    out.push_back(s);
    for (int t : states_[static_cast<size_t>(s)].epsilons) stack.push_back(t);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Nfa::accepts_empty(int start) const {
  for (int s : closure({start})) {
    if (states_[static_cast<size_t>(s)].accepting) return true;
  }
  return false;
}

bool Nfa::can_accept_something(int start) const {
  std::vector<char> seen(states_.size(), 0);
  std::vector<int> stack{start};
  while (!stack.empty()) {
    const int s = stack.back();
    stack.pop_back();
    if (seen[static_cast<size_t>(s)]) continue;
    seen[static_cast<size_t>(s)] = 1;
    const State& st = states_[static_cast<size_t>(s)];
    if (st.accepting) return true;
    for (int t : st.epsilons) stack.push_back(t);
    for (const Transition& t : st.transitions) stack.push_back(t.target);
  }
  return false;
}

CharSet Nfa::first_chars(int start) const {
  CharSet out;
  for (int s : closure({start})) {
    for (const Transition& t : states_[static_cast<size_t>(s)].transitions) out.add(t.chars);
  }
  return out;
}

bool Nfa::matches(int start, const std::vector<int32_t>& text) const {
  std::vector<int> current = closure({start});
  for (int32_t c : text) {
    std::vector<int> next;
    for (int s : current) {
      for (const Transition& t : states_[static_cast<size_t>(s)].transitions) {
        if (t.chars.contains(c)) next.push_back(t.target);
      }
    }
    if (next.empty()) return false;
    current = closure(next);
  }
  for (int s : current) {
    if (states_[static_cast<size_t>(s)].accepting) return true;
  }
  return false;
}

}  // namespace tsgen
