#include "lex_emit.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <tuple>

#include "grammar_error.h"

namespace tsgen {

namespace {

using EdgeKey = std::pair<int, bool>;  // (target class or number, skip)

std::map<EdgeKey, CharSet> merge_edges(const std::vector<LexDfa::Edge>& edges, const std::vector<int>& cls) {
  std::map<EdgeKey, CharSet> merged;
  for (const LexDfa::Edge& e : edges) merged[{cls[static_cast<size_t>(e.target)], e.skip}].add(e.chars);
  return merged;
}

}  // namespace

MinimizedLexDfa minimize_lex_dfa(const LexDfa& dfa) {
  const size_t n = dfa.states.size();
  // Reachable states, breadth-first from the starts in lex-state order.
  std::vector<int> order;
  std::vector<char> seen(n, 0);
  {
    std::deque<int> queue;
    for (int s : dfa.starts) {
      if (!seen[static_cast<size_t>(s)]) {
        seen[static_cast<size_t>(s)] = 1;
        queue.push_back(s);
      }
    }
    while (!queue.empty()) {
      const int s = queue.front();
      queue.pop_front();
      order.push_back(s);
      for (const LexDfa::Edge& e : dfa.states[static_cast<size_t>(s)].edges) {
        if (!seen[static_cast<size_t>(e.target)]) {
          seen[static_cast<size_t>(e.target)] = 1;
          queue.push_back(e.target);
        }
      }
    }
  }

  // Moore partition refinement.
  std::vector<int> cls(n, -1);
  size_t class_count;
  {
    std::map<std::pair<int, bool>, int> initial;
    for (int s : order) {
      const LexDfa::State& st = dfa.states[static_cast<size_t>(s)];
      auto [it, added] = initial.emplace(std::make_pair(st.accept_symbol, st.eof), static_cast<int>(initial.size()));
      cls[static_cast<size_t>(s)] = it->second;
    }
    class_count = initial.size();
  }
  for (;;) {
    using Signature = std::pair<int, std::vector<std::tuple<int, bool, CharSet>>>;
    std::map<Signature, int> signatures;
    std::vector<int> next(n, -1);
    for (int s : order) {
      Signature sig;
      sig.first = cls[static_cast<size_t>(s)];
      for (auto& [key, chars] : merge_edges(dfa.states[static_cast<size_t>(s)].edges, cls)) {
        sig.second.emplace_back(key.first, key.second, std::move(chars));
      }
      auto [it, added] = signatures.emplace(std::move(sig), static_cast<int>(signatures.size()));
      next[static_cast<size_t>(s)] = it->second;
    }
    cls = std::move(next);
    if (signatures.size() == class_count) break;
    class_count = signatures.size();
  }

  // Numbering: start i gets number i; other classes follow in breadth-first order.
  std::vector<int> number(class_count, -1);
  std::vector<std::vector<int>> labels(class_count);
  std::vector<int> representative(class_count, -1);
  for (int s : order) {
    if (representative[static_cast<size_t>(cls[static_cast<size_t>(s)])] < 0) {
      representative[static_cast<size_t>(cls[static_cast<size_t>(s)])] = s;
    }
  }
  for (size_t i = 0; i < dfa.starts.size(); ++i) {
    const int c = cls[static_cast<size_t>(dfa.starts[i])];
    labels[static_cast<size_t>(c)].push_back(static_cast<int>(i));
    if (number[static_cast<size_t>(c)] < 0) number[static_cast<size_t>(c)] = static_cast<int>(i);
  }
  int next_number = static_cast<int>(dfa.starts.size());
  {
    std::deque<int> queue;
    std::vector<char> queued(class_count, 0);
    for (int s : dfa.starts) {
      const int c = cls[static_cast<size_t>(s)];
      if (!queued[static_cast<size_t>(c)]) {
        queued[static_cast<size_t>(c)] = 1;
        queue.push_back(c);
      }
    }
    while (!queue.empty()) {
      const int c = queue.front();
      queue.pop_front();
      for (auto& [key, chars] : merge_edges(dfa.states[static_cast<size_t>(representative[static_cast<size_t>(c)])].edges, cls)) {
        const int t = key.first;
        if (queued[static_cast<size_t>(t)]) continue;
        queued[static_cast<size_t>(t)] = 1;
        number[static_cast<size_t>(t)] = next_number++;
        labels[static_cast<size_t>(t)].push_back(number[static_cast<size_t>(t)]);
        queue.push_back(t);
      }
    }
  }
  if (next_number > 0xFFFF) {
    throw GrammarError("the lexer needs " + std::to_string(next_number) + " DFA states; at most 65535 fit TSStateId");
  }

  MinimizedLexDfa out;
  out.states.resize(class_count);
  std::vector<int> by_number(static_cast<size_t>(next_number), -1);
  for (size_t c = 0; c < class_count; ++c) by_number[static_cast<size_t>(number[c])] = static_cast<int>(c);
  size_t k = 0;
  for (int c : by_number) {
    if (c < 0) continue;  // a start merged into a lower-numbered one
    const LexDfa::State& st = dfa.states[static_cast<size_t>(representative[static_cast<size_t>(c)])];
    MinimizedLexDfa::State& o = out.states[k++];
    o.labels = labels[static_cast<size_t>(c)];
    o.accept_symbol = st.accept_symbol;
    o.accept_name = st.accept_name;
    o.eof = st.eof;
    for (auto& [key, chars] : merge_edges(st.edges, cls)) {
      o.edges.push_back(LexDfa::Edge{std::move(chars), number[static_cast<size_t>(key.first)], key.second});
    }
  }
  out.states.resize(k);
  return out;
}

namespace {

constexpr int32_t kAsciiEnd = 0x80;
constexpr size_t kSwitchThreshold = 6;

std::string char_literal(int32_t c) {
  switch (c) {
    case '\'': return "'\\''";
    case '\\': return "'\\\\'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    default: break;
  }
  char buf[24];
  if (c >= 0x20 && c < 0x7F) {
    std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(c));
  } else if (c < kAsciiEnd) {
    std::snprintf(buf, sizeof buf, "%d", c);  // includes -1
  } else {
    std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(c));
  }
  return buf;
}

struct Term {
  std::string text;
  int cost;
  int32_t lo;
  int32_t hi;
};

// Terms of a positive test ("lookahead is in one of these ranges") or of a negated one
// ("lookahead is in none of these ranges"). Values outside [-1, 0x10FFFF] never occur, so
// ranges touching the domain's ends need only one comparison.
std::vector<Term> range_terms(const CharSet& set, bool negated) {
  std::vector<Term> terms;
  for (const CharSet::Range& r : set.ranges()) {
    const std::string lo = char_literal(r.lo);
    const std::string hi = char_literal(r.hi);
    if (r.lo == r.hi) {
      terms.push_back({"lookahead " + std::string(negated ? "!=" : "==") + " " + lo, 1, r.lo, r.hi});
    } else if (r.lo == kInvalidCodePoint) {
      terms.push_back({"lookahead " + std::string(negated ? ">" : "<=") + " " + hi, 1, r.lo, r.hi});
    } else if (r.hi == kMaxCodePoint) {
      terms.push_back({"lookahead " + std::string(negated ? "<" : ">=") + " " + lo, 1, r.lo, r.hi});
    } else if (negated) {
      terms.push_back({"(lookahead < " + lo + " || lookahead > " + hi + ")", 2, r.lo, r.hi});
    } else {
      terms.push_back({"(lookahead >= " + lo + " && lookahead <= " + hi + ")", 2, r.lo, r.hi});
    }
  }
  return terms;
}

int total_cost(const std::vector<Term>& terms) {
  int cost = 0;
  for (const Term& t : terms) cost += t.cost;
  return cost;
}

std::string join_terms(const std::vector<Term>& terms, const char* op) {
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) out += op;
    out += terms[i].text;
  }
  return out;
}

// Joins terms, guarding the non-ASCII ones behind one comparison so that ASCII input is
// decided by the ASCII terms alone.
std::string build_condition(const std::vector<Term>& terms, bool negated) {
  std::vector<Term> low, high;
  for (const Term& t : terms) (t.lo >= kAsciiEnd ? high : low).push_back(t);
  const char* op = negated ? " && " : " || ";
  if (high.size() < 2 || low.empty()) return join_terms(terms, op);
  const std::string first_high = char_literal(high.front().lo);
  if (negated) {
    return join_terms(low, op) + " && (lookahead < " + first_high + " || (" + join_terms(high, op) + "))";
  }
  return join_terms(low, op) + " || (lookahead >= " + first_high + " && (" + join_terms(high, op) + "))";
}

bool prefer_negated(const CharSet& set) {
  return total_cost(range_terms(set.complement(), true)) < total_cost(range_terms(set, false));
}

// A condition true on `set`, false outside `set | dont_care` (values the state has already
// dispatched before this test), choosing the cheapest of three forms.
std::string condition_with_dont_care(const CharSet& set, const CharSet& dont_care) {
  const CharSet widened = set | dont_care;
  const CharSet excluded = widened.complement();  // contains 0
  const std::vector<Term> candidates[3] = {range_terms(set, false), range_terms(widened, false),
                                           range_terms(excluded, true)};
  int best = 0;
  for (int i = 1; i < 3; ++i) {
    if (total_cost(candidates[i]) < total_cost(candidates[best])) best = i;
  }
  return build_condition(candidates[best], best == 2);
}

std::string action(const LexDfa::Edge& e) {
  return std::string(e.skip ? "SKIP(" : "ADVANCE(") + std::to_string(e.target) + ");";
}

std::string comment_text(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == '*' && i + 1 < name.size() && name[i + 1] == '/') {
      out += "* ";
    } else if (c < 0x20 || c >= 0x7F) {
      out += '?';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void emit_state(std::string& out, const MinimizedLexDfa::State& st,
                const std::function<std::string(int)>& symbol_expr) {
  const int self = st.labels.front();
  for (int label : st.labels) out += "    case " + std::to_string(label) + ":\n";

  // A self-loop becomes a tight loop: no dispatch, and one mark_end after it.
  const LexDfa::Edge* loop = nullptr;
  for (const LexDfa::Edge& e : st.edges) {
    if (e.target == self) loop = &e;
  }
  if (loop) {
    out += "      while (" + lex_condition(loop->chars) + ") {\n";
    out += std::string("        lexer->advance(lexer, ") + (loop->skip ? "true" : "false") + ");\n";
    out += "        lookahead = lexer->lookahead;\n";
    out += "      }\n";
  }
  if (st.accept_symbol >= 0) {
    out += "      ACCEPT_TOKEN(" + symbol_expr(st.accept_symbol) + ");";
    if (!st.accept_name.empty()) out += "  /* " + comment_text(st.accept_name) + " */";
    out += "\n";
  }
  if (st.eof) {
    if (loop) out += "      eof = lexer->eof(lexer);\n";
    out += "      if (eof) {\n        ACCEPT_TOKEN(ts_builtin_sym_end);\n        END_STATE();\n      }\n";
  }

  // Values dispatched by an earlier test never reach a later one.
  CharSet handled;
  if (loop) handled = loop->chars;

  // Positive tests: single characters go into a switch when there are enough of them.
  std::vector<std::pair<const LexDfa::Edge*, std::vector<int32_t>>> singles;
  std::vector<std::pair<const LexDfa::Edge*, CharSet>> ranged;
  std::vector<const LexDfa::Edge*> negated;
  size_t single_count = 0;
  for (const LexDfa::Edge& e : st.edges) {
    if (&e == loop) continue;
    if (prefer_negated(e.chars)) {
      negated.push_back(&e);
      continue;
    }
    std::vector<int32_t> chars;
    CharSet rest;
    for (const CharSet::Range& r : e.chars.ranges()) {
      if (static_cast<int64_t>(r.hi) - r.lo < 2) {
        for (int32_t c = r.lo; c <= r.hi; ++c) chars.push_back(c);
      } else {
        rest.add_range(r.lo, r.hi);
      }
    }
    single_count += chars.size();
    singles.emplace_back(&e, std::move(chars));
    ranged.emplace_back(&e, std::move(rest));
  }
  if (single_count >= kSwitchThreshold) {
    out += "      switch (lookahead) {\n";
    for (const auto& [edge, chars] : singles) {
      if (chars.empty()) continue;
      out += "        ";
      for (size_t i = 0; i < chars.size(); ++i) {
        if (i && i % 6 == 0) out += "\n        ";
        out += "case " + char_literal(chars[i]) + ": ";
        handled.add(chars[i]);
      }
      out += action(*edge) + "\n";
    }
    out += "        default: break;\n      }\n";
  } else {
    for (auto& [edge, rest] : ranged) rest = edge->chars;
  }
  for (const auto& [edge, rest] : ranged) {
    if (rest.empty()) continue;
    out += "      if (" + condition_with_dont_care(rest, handled) + ") " + action(*edge) + "\n";
    handled.add(rest);
  }
  for (const LexDfa::Edge* edge : negated) {
    out += "      if (" + condition_with_dont_care(edge->chars, handled) + ") " + action(*edge) + "\n";
    handled.add(edge->chars);
  }
  out += "      END_STATE();\n";
}

}  // namespace

std::string lex_condition(const CharSet& set) {
  if (set.contains(0)) throw GrammarError("internal error: a lexer transition would consume U+0000 / end of input");
  if (set.empty()) return "false";
  if (prefer_negated(set)) return build_condition(range_terms(set.complement(), true), true);
  return build_condition(range_terms(set, false), false);
}

std::string emit_lex_function(const MinimizedLexDfa& dfa, const std::string& fn_name,
                              const std::function<std::string(int)>& symbol_expr) {
  bool uses_eof = false;
  bool has_edges = false;
  for (const auto& st : dfa.states) {
    uses_eof = uses_eof || st.eof;
    has_edges = has_edges || !st.edges.empty();
  }
  std::string out = "static bool " + fn_name + "(TSLexer *lexer, TSStateId state) {\n";
  out += "  START_LEXER();\n";
  out += uses_eof ? "  eof = lexer->eof(lexer);\n" : "  (void)eof;\n";
  out += "  switch (state) {\n";
  for (const auto& st : dfa.states) emit_state(out, st, symbol_expr);
  out += "    default:\n";
  if (!has_edges) out += "      (void)lookahead;\n      if (0) ADVANCE(0);\n";
  out += "      return false;\n";
  out += "  }\n}\n";
  return out;
}

}  // namespace tsgen
