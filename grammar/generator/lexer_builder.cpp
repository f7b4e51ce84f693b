#include "lexer_builder.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <deque>
#include <stdexcept>

#include "grammar_error.h"
#include "lex_emit.h"
#include "regex_parser.h"

namespace tsgen {

namespace {

constexpr size_t kMaxRawDfaStates = 2000000;

// A readable member of a set, for example strings in messages.
int32_t representative(const CharSet& set) {
  const CharSet preferred[] = {CharSet::range('a', 'z'), CharSet::range('A', 'Z'), CharSet::range('0', '9'),
                               CharSet::range(0x21, 0x7E), CharSet::single(' '), CharSet::range(1, kMaxCodePoint)};
  for (const CharSet& p : preferred) {
    const CharSet both = set & p;
    if (!both.empty()) return both.ranges().front().lo;
  }
  return kInvalidCodePoint;
}

std::string quote_example(const std::vector<int32_t>& text) {
  std::string out = "\"";
  for (int32_t c : text) {
    char buf[16];
    if (c == kInvalidCodePoint) {
      out += "\\xFF";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "\\u{%X}", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out + "\"";
}

}  // namespace

LexerBuilder::LexerBuilder(std::vector<TokenSpec> tokens, std::vector<LexRule> separators) {
  for (TokenSpec& token : tokens) {
    if (token.symbol <= 0 || token.symbol > 0xFFFE) {
      throw GrammarError("token " + token.name + ": symbol id " + std::to_string(token.symbol) +
                         " is out of range (1..65534)");
    }
    RegexNode re;
    try {
      re = lex_rule_to_regex(token.rule);
    } catch (const GrammarError& e) {
      throw GrammarError("token " + token.name + ": " + e.what());
    }
    const int owner = static_cast<int>(alts_.size());
    const int start = nfa_.add_token(re, owner);
    if (nfa_.accepts_empty(start)) {
      throw GrammarError("token " + token.name +
                         " can match the empty string; tree-sitter tokens must consume at least one character");
    }
    if (!nfa_.can_accept_something(start)) throw GrammarError("token " + token.name + " cannot match any text");
    alts_.push_back(Alternative{token.symbol, token.name, token.is_string, token.precedence, token.immediate, start});
    symbol_alts_[token.symbol].push_back(owner);
    first_chars_[token.symbol].add(nfa_.first_chars(start));
  }
  if (!separators.empty()) {
    separator_start_ = nfa_.add_state(kSeparatorOwner);
    separator_accept_ = nfa_.add_state(kSeparatorOwner);
    for (size_t i = 0; i < separators.size(); ++i) {
      RegexNode re;
      try {
        re = lex_rule_to_regex(separators[i]);
      } catch (const GrammarError& e) {
        throw GrammarError("separator (extra) #" + std::to_string(i + 1) + ": " + e.what());
      }
      auto [s, e] = nfa_.add_fragment(re, kSeparatorOwner);
      nfa_.add_epsilon(separator_start_, s);
      nfa_.add_epsilon(e, separator_accept_);
    }
    separator_first_ = nfa_.first_chars(separator_start_);
  }
}

std::vector<int> LexerBuilder::closure(const std::vector<int>& seeds, int ctx) const {
  if (mark_.size() < nfa_.size()) mark_.assign(nfa_.size(), 0);
  if (mark_gen_ == INT_MAX) {
    std::fill(mark_.begin(), mark_.end(), 0);
    mark_gen_ = 0;
  }
  const int gen = ++mark_gen_;
  std::vector<int> stack(seeds.begin(), seeds.end());
  std::vector<int> out;
  while (!stack.empty()) {
    const int s = stack.back();
    stack.pop_back();
    if (mark_[static_cast<size_t>(s)] == gen) continue;
    mark_[static_cast<size_t>(s)] = gen;
    out.push_back(s);
    const Nfa::State& st = nfa_.state(s);
    for (int t : st.epsilons) stack.push_back(t);
    if (s == separator_accept_ && ctx >= 0) {
      // A completed separator starts over: another separator or any non-immediate token.
      for (int t : contexts_[static_cast<size_t>(ctx)].post_separator) stack.push_back(t);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

int LexerBuilder::intern_context(std::vector<int> post_separator, bool eof_valid) {
  auto key = std::make_pair(post_separator, eof_valid);
  auto it = context_ids_.find(key);
  if (it != context_ids_.end()) return it->second;
  const int id = static_cast<int>(contexts_.size());
  contexts_.push_back(Context{std::move(post_separator), eof_valid});
  context_ids_.emplace(std::move(key), id);
  return id;
}

int LexerBuilder::intern_resolution(Resolution resolution) {
  std::sort(resolution.preferred.begin(), resolution.preferred.end());
  auto it = std::find(resolutions_.begin(), resolutions_.end(), resolution);
  if (it != resolutions_.end()) return static_cast<int>(it - resolutions_.begin());
  resolutions_.push_back(std::move(resolution));
  return static_cast<int>(resolutions_.size() - 1);
}

int LexerBuilder::get_or_add_state(std::vector<int> nfa_states, bool eof, int ctx, int resolution) {
  const bool has_separator = std::any_of(nfa_states.begin(), nfa_states.end(),
                                         [&](int s) { return nfa_.state(s).owner == kSeparatorOwner; });
  if (!has_separator) ctx = -1;  // the context only matters while a separator can complete
  DKey key{nfa_states, eof, ctx, resolution};
  auto it = state_ids_.find(key);
  if (it != state_ids_.end()) return it->second;
  if (states_.size() >= kMaxRawDfaStates) throw GrammarError("lexer DFA is too large");
  DState st;
  st.nfa = std::move(nfa_states);
  st.eof = eof;
  st.ctx = ctx;
  st.resolution = resolution;
  resolve_accept(st);
  const int id = static_cast<int>(states_.size());
  states_.push_back(std::move(st));
  state_ids_.emplace(std::move(key), id);
  return id;
}

// Upstream's order: (1) valid tokens only (the NFA set holds nothing else), (2) lexical
// precedence, (3) longest match (handled by the DFA walk), (4) string beats pattern,
// (5) otherwise ambiguous; the first declared alternative is kept for allow_ambiguity.
// A recovery lex state puts (3) first (see populate()) and its preferred symbols before (2).
void LexerBuilder::resolve_accept(DState& st) const {
  std::vector<int> accepted;
  for (int s : st.nfa) {
    const Nfa::State& ns = nfa_.state(s);
    if (ns.accepting && ns.owner >= 0) accepted.push_back(ns.owner);
  }
  if (accepted.empty()) return;
  std::sort(accepted.begin(), accepted.end());
  accepted.erase(std::unique(accepted.begin(), accepted.end()), accepted.end());
  const std::vector<int>& preferred = resolutions_[static_cast<size_t>(st.resolution)].preferred;
  const auto is_preferred = [&](int a) {
    return std::binary_search(preferred.begin(), preferred.end(),
                              alts_[static_cast<size_t>(a)].symbol);
  };
  if (std::any_of(accepted.begin(), accepted.end(), is_preferred)) {
    std::erase_if(accepted, [&](int a) { return !is_preferred(a); });
  }
  int best_prec = INT_MIN;
  for (int a : accepted) best_prec = std::max(best_prec, alts_[static_cast<size_t>(a)].precedence);
  std::erase_if(accepted, [&](int a) { return alts_[static_cast<size_t>(a)].precedence != best_prec; });
  const bool any_string =
      std::any_of(accepted.begin(), accepted.end(), [&](int a) { return alts_[static_cast<size_t>(a)].is_string; });
  if (any_string) std::erase_if(accepted, [&](int a) { return !alts_[static_cast<size_t>(a)].is_string; });
  st.accept_alt = accepted.front();  // lowest index: declared first
  for (int a : accepted) {
    if (alts_[static_cast<size_t>(a)].symbol != alts_[static_cast<size_t>(st.accept_alt)].symbol) {
      st.ambiguous_a = st.accept_alt;
      st.ambiguous_b = a;
      break;
    }
  }
}

void LexerBuilder::populate(int id) {
  // Copy what we need: states_ may reallocate while successors are added.
  const std::vector<int> nfa_states = states_[static_cast<size_t>(id)].nfa;
  const int ctx = states_[static_cast<size_t>(id)].ctx;
  const int resolution = states_[static_cast<size_t>(id)].resolution;
  const bool longest_first = resolutions_[static_cast<size_t>(resolution)].longest_first;
  const int accept_alt = states_[static_cast<size_t>(id)].accept_alt;
  const int accept_prec = accept_alt >= 0 ? alts_[static_cast<size_t>(accept_alt)].precedence : INT_MIN;

  struct Tr {
    const CharSet* chars;
    int target;
    bool separator;
  };
  std::vector<Tr> trs;
  for (int s : nfa_states) {
    const Nfa::State& ns = nfa_.state(s);
    const bool separator = ns.owner == kSeparatorOwner;
    if (accept_alt >= 0) {
      // Once a token is accepted: separators are no longer followed, and continuations that
      // can only lead to lower-precedence tokens are cut off, unless the longest match wins.
      if (separator) continue;
      if (!longest_first && alts_[static_cast<size_t>(ns.owner)].precedence < accept_prec) continue;
    }
    for (const Nfa::Transition& t : ns.transitions) trs.push_back(Tr{&t.chars, t.target, separator});
  }
  if (trs.empty()) return;

  // Split the input domain into intervals on which the set of live transitions is constant.
  std::vector<int64_t> bounds;
  for (const Tr& t : trs) {
    for (const CharSet::Range& r : t.chars->ranges()) {
      bounds.push_back(r.lo);
      bounds.push_back(static_cast<int64_t>(r.hi) + 1);
    }
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::vector<std::vector<int>> cover(bounds.size());
  for (size_t ti = 0; ti < trs.size(); ++ti) {
    for (const CharSet::Range& r : trs[ti].chars->ranges()) {
      size_t i = static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), r.lo) - bounds.begin());
      for (; i + 1 < bounds.size() && bounds[i] <= r.hi; ++i) cover[i].push_back(static_cast<int>(ti));
    }
  }
  std::map<std::vector<int>, CharSet> groups;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    if (cover[i].empty()) continue;
    groups[cover[i]].add_range(static_cast<int32_t>(bounds[i]), static_cast<int32_t>(bounds[i + 1] - 1));
  }

  std::map<std::pair<int, bool>, CharSet> merged;
  for (const auto& [tis, chars] : groups) {
    std::vector<int> targets;
    bool skip = true;
    for (int ti : tis) {
      targets.push_back(trs[static_cast<size_t>(ti)].target);
      skip = skip && trs[static_cast<size_t>(ti)].separator;
    }
    // After a SKIP nothing of the token has been consumed, so end of input may be accepted
    // (if the lex state allows it) even when earlier characters were ADVANCEd over.
    const bool eof = skip && ctx >= 0 && contexts_[static_cast<size_t>(ctx)].eof_valid;
    const int target = get_or_add_state(closure(targets, ctx), eof, ctx, resolution);
    merged[{target, skip}].add(chars);
  }
  std::vector<Edge> edges;
  for (auto& [key, chars] : merged) edges.push_back(Edge{std::move(chars), key.first, key.second});
  states_[static_cast<size_t>(id)].edges = std::move(edges);
}

void LexerBuilder::check_unambiguous(int start) const {
  // Breadth-first, so the first ambiguous state found has a shortest example.
  std::vector<std::pair<int, int>> parent(states_.size(), {-1, -1});  // (state, edge index)
  std::vector<char> seen(states_.size(), 0);
  std::deque<int> queue{start};
  seen[static_cast<size_t>(start)] = 1;
  while (!queue.empty()) {
    const int s = queue.front();
    queue.pop_front();
    const DState& st = states_[static_cast<size_t>(s)];
    if (st.ambiguous_a >= 0) {
      std::vector<const Edge*> path;
      for (int cur = s; cur != start;) {
        auto [prev, edge] = parent[static_cast<size_t>(cur)];
        path.push_back(&states_[static_cast<size_t>(prev)].edges[static_cast<size_t>(edge)]);
        cur = prev;
      }
      std::reverse(path.begin(), path.end());
      std::vector<int32_t> text;
      for (const Edge* e : path) {
        if (e->skip) {
          text.clear();  // skipped separators are not part of the token
        } else {
          text.push_back(representative(e->chars));
        }
      }
      const Alternative& a = alts_[static_cast<size_t>(st.ambiguous_a)];
      const Alternative& b = alts_[static_cast<size_t>(st.ambiguous_b)];
      throw GrammarError("lexical conflict: tokens " + a.name + " and " + b.name + " both match " +
                         quote_example(text) + " with equal precedence " + std::to_string(a.precedence) +
                         (a.is_string ? " (both are string literals)" : " (both are patterns)") +
                         "; give one of them a higher lexical precedence with token(prec(n, ...))");
    }
    for (size_t ei = 0; ei < st.edges.size(); ++ei) {
      const int t = st.edges[ei].target;
      if (seen[static_cast<size_t>(t)]) continue;
      seen[static_cast<size_t>(t)] = 1;
      parent[static_cast<size_t>(t)] = {s, static_cast<int>(ei)};
      queue.push_back(t);
    }
  }
}

uint16_t LexerBuilder::lex_state_for(const std::vector<int>& valid_symbols, bool eof_valid, bool allow_ambiguity) {
  return request_lex_state(valid_symbols, eof_valid, 0, !allow_ambiguity);
}

uint16_t LexerBuilder::recovery_lex_state_for(const std::vector<int>& valid_symbols, bool eof_valid,
                                              const std::vector<int>& preferred) {
  return request_lex_state(valid_symbols, eof_valid, intern_resolution(Resolution{true, preferred}),
                           false);
}

// check: report ambiguous tokens (GrammarError) instead of keeping the one declared first.
uint16_t LexerBuilder::request_lex_state(const std::vector<int>& valid_symbols, bool eof_valid,
                                         int resolution, bool check) {
  std::vector<int> valid = valid_symbols;
  std::sort(valid.begin(), valid.end());
  valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
  for (int sym : valid) {
    if (!symbol_alts_.count(sym)) {
      throw std::invalid_argument("lex_state_for: symbol " + std::to_string(sym) + " has no TokenSpec");
    }
  }
  auto request = std::make_tuple(valid, eof_valid, resolution);
  if (auto it = lex_requests_.find(request); it != lex_requests_.end()) {
    const uint16_t id = it->second;
    if (check && !lex_checked_[id]) {
      check_unambiguous(lex_starts_[id]);
      lex_checked_[id] = true;
    }
    return id;
  }

  std::vector<int> seeds;
  std::vector<int> post_separator;
  if (separator_start_ >= 0) {
    seeds.push_back(separator_start_);
    post_separator.push_back(separator_start_);
  }
  for (int sym : valid) {
    for (int a : symbol_alts_.at(sym)) {
      seeds.push_back(alts_[static_cast<size_t>(a)].start);
      if (!alts_[static_cast<size_t>(a)].immediate) post_separator.push_back(alts_[static_cast<size_t>(a)].start);
    }
  }
  std::sort(post_separator.begin(), post_separator.end());
  const int ctx = separator_start_ >= 0 ? intern_context(std::move(post_separator), eof_valid) : -1;
  const int start = get_or_add_state(closure(seeds, ctx), eof_valid, ctx, resolution);
  while (populated_ < states_.size()) populate(static_cast<int>(populated_++));
  if (check) check_unambiguous(start);

  uint16_t id;
  if (auto it = lex_id_for_start_.find(start); it != lex_id_for_start_.end()) {
    id = it->second;
  } else {
    if (lex_starts_.size() >= 0xFFFF) throw GrammarError("more than 65535 lex states");
    id = static_cast<uint16_t>(lex_starts_.size());
    lex_starts_.push_back(start);
    lex_checked_.push_back(false);
    lex_id_for_start_.emplace(start, id);
  }
  if (check) lex_checked_[id] = true;
  lex_requests_.emplace(std::move(request), id);
  return id;
}

CharSet LexerBuilder::first_chars(int symbol) const {
  auto it = first_chars_.find(symbol);
  if (it == first_chars_.end()) {
    throw std::invalid_argument("symbol " + std::to_string(symbol) + " has no TokenSpec");
  }
  return it->second;
}

bool LexerBuilder::tokens_may_conflict(int symbol_a, int symbol_b) const {
  const CharSet a = first_chars(symbol_a);
  const CharSet b = first_chars(symbol_b);
  if (symbol_a == symbol_b) return true;
  if (a.intersects(b)) return true;
  // A token that can begin like a separator lexes differently depending on the valid set
  // (it may swallow or be preceded by separator text), so it overlaps everything.
  return a.intersects(separator_first_) || b.intersects(separator_first_);
}

std::string LexerBuilder::emit_c(const std::string& fn_name) const {
  return emit_c(fn_name, [](int symbol) { return std::to_string(symbol); });
}

LexDfa LexerBuilder::build_lex_dfa() const {
  LexDfa dfa;
  dfa.states.reserve(states_.size());
  for (const DState& st : states_) {
    LexDfa::State out;
    if (st.accept_alt >= 0) {
      const int symbol = alts_[static_cast<size_t>(st.accept_alt)].symbol;
      out.accept_symbol = symbol;
      out.accept_name = alts_[static_cast<size_t>(symbol_alts_.at(symbol).front())].name;
    }
    out.eof = st.eof;
    for (const Edge& e : st.edges) out.edges.push_back(LexDfa::Edge{e.chars, e.target, e.skip});
    dfa.states.push_back(std::move(out));
  }
  dfa.starts = lex_starts_;
  return dfa;
}

std::string LexerBuilder::emit_c(const std::string& fn_name,
                                 const std::function<std::string(int)>& symbol_expr) const {
  return emit_lex_function(minimize_lex_dfa(build_lex_dfa()), fn_name, symbol_expr);
}

size_t LexerBuilder::dfa_state_count() const { return minimize_lex_dfa(build_lex_dfa()).states.size(); }

}  // namespace tsgen
