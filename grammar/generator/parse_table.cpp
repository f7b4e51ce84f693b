// Canonical LR(1) construction. Item sets are identified by their kernel
// (items with lookaheads). States are not merged: the Dockerfile grammar
// stays well under a thousand states, and unmerged states keep LR(1)'s
// context-aware lexing.
#include "parse_table.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "grammar_error.h"

namespace tsgen {
namespace {

class TermSet {
 public:
  TermSet() = default;
  explicit TermSet(int size) : words_((size + 63) / 64, 0) {}
  void insert(int t) { words_[t / 64] |= uint64_t{1} << (t % 64); }
  bool contains(int t) const { return (words_[t / 64] >> (t % 64)) & 1; }
  bool merge(const TermSet& other) {
    bool changed = false;
    for (size_t i = 0; i < words_.size(); ++i) {
      const uint64_t merged = words_[i] | other.words_[i];
      changed |= merged != words_[i];
      words_[i] = merged;
    }
    return changed;
  }
  bool empty() const {
    return std::all_of(words_.begin(), words_.end(), [](uint64_t w) { return w == 0; });
  }
  const std::vector<uint64_t>& words() const { return words_; }
  template <typename F>
  void for_each(F f) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      uint64_t w = words_[i];
      while (w) {
        const int bit = __builtin_ctzll(w);
        f(static_cast<int>(i * 64 + bit));
        w &= w - 1;
      }
    }
  }

 private:
  std::vector<uint64_t> words_;
};

struct Item {
  int production;
  int dot;
  TermSet lookahead;
};

struct LrState {
  std::vector<Item> kernel;
  std::vector<Item> closure;  // kernel first
  std::map<int, int> transitions;
  int parent = -1;
  int via_symbol = -1;
};

class Builder {
 public:
  explicit Builder(const PreparedGrammar& grammar) : g_(grammar) {}
  ParseTable run();

 private:
  void compute_first_sets();
  std::vector<Item> closure(const std::vector<Item>& kernel) const;
  int intern_state(std::vector<Item> kernel, int parent, int via);
  static std::vector<uint64_t> kernel_key(const std::vector<Item>& kernel, bool with_lookaheads);
  ParseState actions_for(int state_index);
  [[noreturn]] void report_conflict(int state_index, int terminal,
                                    const std::vector<const Item*>& items) const;
  std::string symbol_path(int state_index) const;
  std::string item_string(const Item& item) const;
  bool repeat_conflict(const std::vector<const Item*>& reduce_items,
                       const std::vector<const Item*>& shift_items) const;
  int production_precedence(int production) const;
  Associativity production_associativity(int production) const;

  const PreparedGrammar& g_;
  std::vector<TermSet> first_;  // per symbol
  std::vector<bool> nullable_;
  std::vector<LrState> states_;
  std::map<std::vector<uint64_t>, int> state_by_kernel_;
};

void Builder::compute_first_sets() {
  const int n = static_cast<int>(g_.symbols.size());
  first_.assign(n, TermSet(g_.token_count));
  nullable_.assign(n, false);
  for (int t = 0; t < g_.token_count; ++t) first_[t].insert(t);
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t p = 1; p < g_.productions.size(); ++p) {
      const auto& production = g_.productions[p];
      bool all_nullable = true;
      for (const auto& step : production.steps) {
        changed |= first_[production.lhs].merge(first_[step.symbol]);
        if (!nullable_[step.symbol]) {
          all_nullable = false;
          break;
        }
      }
      if (all_nullable && !nullable_[production.lhs]) {
        nullable_[production.lhs] = true;
        changed = true;
      }
    }
  }
}

std::vector<Item> Builder::closure(const std::vector<Item>& kernel) const {
  std::vector<Item> items = kernel;
  std::unordered_map<uint64_t, size_t> index;
  auto key = [](int production, int dot) {
    return (static_cast<uint64_t>(production) << 16) | static_cast<uint64_t>(dot);
  };
  for (size_t i = 0; i < items.size(); ++i) index[key(items[i].production, items[i].dot)] = i;
  std::deque<size_t> work;
  for (size_t i = 0; i < items.size(); ++i) work.push_back(i);
  while (!work.empty()) {
    const size_t i = work.front();
    work.pop_front();
    const auto& production = g_.productions[items[i].production];
    const int dot = items[i].dot;
    if (dot >= static_cast<int>(production.steps.size())) continue;
    const int next = production.steps[dot].symbol;
    if (g_.is_terminal(next)) continue;
    TermSet lookahead(g_.token_count);
    bool rest_nullable = true;
    for (size_t k = dot + 1; k < production.steps.size(); ++k) {
      lookahead.merge(first_[production.steps[k].symbol]);
      if (!nullable_[production.steps[k].symbol]) {
        rest_nullable = false;
        break;
      }
    }
    if (rest_nullable) lookahead.merge(items[i].lookahead);
    for (int q : g_.productions_of[next]) {
      auto [it, inserted] = index.emplace(key(q, 0), items.size());
      if (inserted) {
        items.push_back(Item{q, 0, lookahead});
        work.push_back(items.size() - 1);
      } else if (items[it->second].lookahead.merge(lookahead)) {
        work.push_back(it->second);
      }
    }
  }
  return items;
}

std::vector<uint64_t> Builder::kernel_key(const std::vector<Item>& kernel, bool with_lookaheads) {
  std::vector<uint64_t> key;
  for (const auto& item : kernel) {
    key.push_back((static_cast<uint64_t>(item.production) << 16) | static_cast<uint64_t>(item.dot));
    if (with_lookaheads)
      key.insert(key.end(), item.lookahead.words().begin(), item.lookahead.words().end());
  }
  return key;
}

int Builder::intern_state(std::vector<Item> kernel, int parent, int via) {
  std::sort(kernel.begin(), kernel.end(), [](const Item& a, const Item& b) {
    return a.production != b.production ? a.production < b.production : a.dot < b.dot;
  });
  auto key = kernel_key(kernel, true);
  if (auto it = state_by_kernel_.find(key); it != state_by_kernel_.end()) return it->second;
  const int id = static_cast<int>(states_.size());
  if (id >= 65000) throw GrammarError("the grammar needs more than 65000 parse states");
  state_by_kernel_.emplace(std::move(key), id);
  LrState state;
  state.kernel = std::move(kernel);
  state.parent = parent;
  state.via_symbol = via;
  states_.push_back(std::move(state));
  return id;
}

int Builder::production_precedence(int production) const {
  const auto& steps = g_.productions[production].steps;
  return steps.empty() ? 0 : steps.back().precedence;
}

Associativity Builder::production_associativity(int production) const {
  const auto& steps = g_.productions[production].steps;
  return steps.empty() ? Associativity::None : steps.back().associativity;
}

std::string Builder::item_string(const Item& item) const {
  const auto& production = g_.productions[item.production];
  std::string out = g_.describe(production.lhs);
  out.append(" ->");
  for (size_t i = 0; i < production.steps.size(); ++i) {
    if (static_cast<int>(i) == item.dot) out.append(" \u2022");
    out.append(" ").append(g_.describe(production.steps[i].symbol));
  }
  if (item.dot == static_cast<int>(production.steps.size())) out += " \u2022";
  return out;
}

std::string Builder::symbol_path(int state_index) const {
  std::vector<std::string> path;
  for (int s = state_index; s > 1 && states_[s].parent >= 0; s = states_[s].parent) {
    path.push_back(g_.describe(states_[s].via_symbol));
  }
  std::reverse(path.begin(), path.end());
  std::string out;
  for (const auto& part : path) {
    if (!out.empty()) out.append(" ");
    out.append(part);
  }
  return out.empty() ? "(beginning of input)" : out;
}

void Builder::report_conflict(int state_index, int terminal,
                              const std::vector<const Item*>& items) const {
  std::ostringstream message;
  message << "unresolved conflict after: " << symbol_path(state_index) << "  with next token "
          << g_.describe(terminal) << "\npossible interpretations:\n";
  std::set<std::string> rules;
  int n = 0;
  for (const Item* item : items) {
    const auto& production = g_.productions[item->production];
    const bool reduce = item->dot == static_cast<int>(production.steps.size());
    message << "  " << ++n << ": " << (reduce ? "reduce  " : "shift   ") << item_string(*item)
            << "\n";
    rules.insert(production.origin);
  }
  message << "rules involved:";
  for (const auto& rule : rules) message << " " << rule;
  message << "\nresolve it with prec()/prec.left()/prec.right(), or list the rules in `conflicts`";
  throw GrammarError(message.str());
}

bool Builder::repeat_conflict(const std::vector<const Item*>& reduce_items,
                              const std::vector<const Item*>& shift_items) const {
  if (reduce_items.size() != 1 || shift_items.empty()) return false;
  const auto& reduced = g_.productions[reduce_items[0]->production];
  if (g_.symbols[reduced.lhs].kind != SymbolKind::Repeat) return false;
  return std::all_of(shift_items.begin(), shift_items.end(), [&](const Item* item) {
    return g_.productions[item->production].lhs == reduced.lhs;
  });
}

ParseState Builder::actions_for(int state_index) {
  const LrState& state = states_[state_index];
  ParseState out;
  // terminal -> reduce items / shift items
  std::map<int, std::vector<const Item*>> reduces;
  std::map<int, std::vector<const Item*>> shifts;  // items with dot > 0 that can shift the terminal
  std::map<int, std::vector<const Item*>> shift_any;  // all items that shift it (for reports)
  for (const auto& item : state.closure) {
    const auto& production = g_.productions[item.production];
    if (item.dot == static_cast<int>(production.steps.size())) {
      if (item.production == 0) {
        out.actions[0].push_back(ParseAction{ParseAction::Type::Accept});
        continue;
      }
      item.lookahead.for_each([&](int t) { reduces[t].push_back(&item); });
      continue;
    }
    const int next = production.steps[item.dot].symbol;
    if (g_.is_terminal(next)) shift_any[next].push_back(&item);
    if (item.dot > 0) first_[next].for_each([&](int t) { shifts[t].push_back(&item); });
  }
  for (const auto& [symbol, target] : state.transitions) {
    if (!g_.is_terminal(symbol)) out.gotos[symbol] = target;
  }
  std::set<int> terminals;
  for (const auto& [t, _] : reduces) terminals.insert(t);
  for (const auto& [symbol, _] : state.transitions) {
    if (g_.is_terminal(symbol)) terminals.insert(symbol);
  }
  for (int t : terminals) {
    auto transition = state.transitions.find(t);
    const bool can_shift = transition != state.transitions.end();
    std::vector<const Item*> reduce_items =
        reduces.count(t) ? reduces[t] : std::vector<const Item*>{};
    // Reduce/reduce: keep the highest precedence.
    if (reduce_items.size() > 1) {
      int best = INT32_MIN;
      for (const Item* item : reduce_items)
        best = std::max(best, production_precedence(item->production));
      std::vector<const Item*> kept;
      for (const Item* item : reduce_items) {
        if (production_precedence(item->production) == best) kept.push_back(item);
      }
      reduce_items = kept;
    }
    bool keep_all = false;
    bool repetition = false;
    bool drop_shift = false;
    std::vector<const Item*> involved = reduce_items;
    if (can_shift) {
      for (const Item* item : shift_any[t]) involved.push_back(item);
    }
    if (reduce_items.size() > 1 || (can_shift && !reduce_items.empty())) {
      if (can_shift && repeat_conflict(reduce_items, shifts[t])) {
        repetition = true;
      } else if (can_shift && reduce_items.size() == 1) {
        const int reduce_prec = production_precedence(reduce_items[0]->production);
        int shift_min = INT32_MAX, shift_max = INT32_MIN;
        for (const Item* item : shifts[t]) {
          const int prec = g_.productions[item->production].steps[item->dot - 1].precedence;
          shift_min = std::min(shift_min, prec);
          shift_max = std::max(shift_max, prec);
        }
        if (shifts[t].empty()) shift_min = shift_max = 0;
        if (reduce_prec > shift_max) {
          drop_shift = true;
        } else if (reduce_prec < shift_min) {
          reduce_items.clear();
        } else if (reduce_prec == shift_min && reduce_prec == shift_max &&
                   production_associativity(reduce_items[0]->production) == Associativity::Left) {
          drop_shift = true;
        } else if (reduce_prec == shift_min && reduce_prec == shift_max &&
                   production_associativity(reduce_items[0]->production) == Associativity::Right) {
          reduce_items.clear();
        } else {
          keep_all = true;
        }
      } else {
        keep_all = true;
      }
      if (keep_all) {
        std::set<int> involved_symbols;
        for (const Item* item : involved)
          involved_symbols.insert(g_.productions[item->production].lhs);
        bool declared = false;
        for (const auto& group : g_.declared_conflicts) {
          declared |= std::includes(group.begin(), group.end(), involved_symbols.begin(),
                                    involved_symbols.end());
        }
        if (!declared) report_conflict(state_index, t, involved);
      }
    }
    auto& entry = out.actions[t];
    for (const Item* item : reduce_items) {
      ParseAction action;
      action.type = ParseAction::Type::Reduce;
      action.production = item->production;
      entry.push_back(action);
    }
    if (can_shift && !drop_shift) {
      ParseAction action;
      action.type = ParseAction::Type::Shift;
      action.state = transition->second;
      action.repetition = repetition;
      entry.push_back(action);
    }
  }
  for (int extra : g_.extra_symbols) {
    if (out.actions.count(extra) == 0) {
      ParseAction action;
      action.type = ParseAction::Type::Shift;
      action.extra = true;
      out.actions[extra].push_back(action);
    }
  }
  return out;
}

ParseTable Builder::run() {
  compute_first_sets();
  // State 0 is reserved for error recovery; state 1 is the start state.
  states_.push_back(LrState{});
  TermSet end_only(g_.token_count);
  end_only.insert(0);
  intern_state({Item{0, 0, end_only}}, -1, -1);
  for (size_t s = 1; s < states_.size(); ++s) {
    states_[s].closure = closure(states_[s].kernel);
    std::map<int, std::vector<Item>> next_kernels;
    for (const auto& item : states_[s].closure) {
      const auto& production = g_.productions[item.production];
      if (item.dot >= static_cast<int>(production.steps.size())) continue;
      next_kernels[production.steps[item.dot].symbol].push_back(
          Item{item.production, item.dot + 1, item.lookahead});
    }
    for (auto& [symbol, kernel] : next_kernels) {
      const int target = intern_state(std::move(kernel), static_cast<int>(s), symbol);
      states_[s].transitions[symbol] = target;
    }
  }

  ParseTable table;
  table.states.resize(states_.size());
  for (size_t s = 1; s < states_.size(); ++s) table.states[s] = actions_for(static_cast<int>(s));
  // Error-recovery state: RECOVER on every terminal, SHIFT_EXTRA on extras.
  for (int t = 0; t < g_.token_count; ++t) {
    ParseAction action;
    if (std::find(g_.extra_symbols.begin(), g_.extra_symbols.end(), t) != g_.extra_symbols.end()) {
      action.type = ParseAction::Type::Shift;
      action.extra = true;
    } else {
      action.type = ParseAction::Type::Recover;
    }
    table.states[0].actions[t].push_back(action);
  }
  return table;
}

}  // namespace

ParseTable build_parse_table(const PreparedGrammar& grammar) { return Builder(grammar).run(); }

}  // namespace tsgen
