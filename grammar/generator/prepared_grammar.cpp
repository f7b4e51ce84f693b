// Token extraction, symbol numbering and flattening of grammar rules into
// productions (tree-sitter's conventions, see docs/tree-sitter-abi14.md §4).
#include "prepared_grammar.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "grammar_error.h"

namespace tsgen {
namespace {

constexpr char kTokenRef = '\x01';  // Symbol value prefix marking an extracted token

bool is_hidden_name(const std::string& name) { return !name.empty() && name[0] == '_'; }

std::string serialize(const Rule& rule) {
  std::string out = std::to_string(static_cast<int>(rule.kind)) + "(" + rule.value + "|" + rule.flags + "|" +
                    std::to_string(rule.precedence) + "|" + (rule.named ? "n" : "a");
  for (const auto& member : rule.members) out += "," + serialize(member);
  return out + ")";
}

std::string serialize(const LexRule& rule) {
  std::string out = std::to_string(static_cast<int>(rule.kind)) + "(" + rule.value + "|" + rule.flags;
  for (const auto& member : rule.members) out += "," + serialize(member);
  return out + ")";
}

// Converts the content of a token into a lexical rule, collecting the
// lexical precedence from prec() wrappers.
LexRule to_lex_rule(const Rule& rule, int& precedence, const std::string& where) {
  LexRule out;
  switch (rule.kind) {
    case Rule::Kind::Blank: out.kind = LexRule::Kind::Blank; return out;
    case Rule::Kind::String: out.kind = LexRule::Kind::String; out.value = rule.value; return out;
    case Rule::Kind::Pattern:
      out.kind = LexRule::Kind::Pattern;
      out.value = rule.value;
      out.flags = rule.flags;
      return out;
    case Rule::Kind::Seq:
    case Rule::Kind::Choice:
      out.kind = rule.kind == Rule::Kind::Seq ? LexRule::Kind::Seq : LexRule::Kind::Choice;
      for (const auto& member : rule.members) out.members.push_back(to_lex_rule(member, precedence, where));
      return out;
    case Rule::Kind::Repeat:
    case Rule::Kind::Repeat1:
      out.kind = rule.kind == Rule::Kind::Repeat ? LexRule::Kind::Repeat : LexRule::Kind::Repeat1;
      out.members.push_back(to_lex_rule(rule.members[0], precedence, where));
      return out;
    case Rule::Kind::Prec:
    case Rule::Kind::PrecLeft:
    case Rule::Kind::PrecRight:
      precedence = std::max(precedence, rule.precedence);
      return to_lex_rule(rule.members[0], precedence, where);
    case Rule::Kind::Token:
    case Rule::Kind::ImmediateToken:
    case Rule::Kind::Field:
    case Rule::Kind::Alias:
    case Rule::Kind::PrecDynamic:
      return to_lex_rule(rule.members[0], precedence, where);
    case Rule::Kind::Symbol:
      throw GrammarError("rule '" + where + "': token() may not contain a symbol ($." + rule.value + ")");
  }
  return out;
}

struct TempSymbol {
  SymbolInfo info;
  int order_class = 0;  // for final numbering
  int order_key = 0;
};

struct TempStep {
  int symbol = 0;  // temp id
  std::string field;
  std::optional<std::pair<std::string, bool>> alias;
  int precedence = 0;
  Associativity associativity = Associativity::None;
};

struct Alternative {
  std::vector<TempStep> steps;
  int dynamic_precedence = 0;
};

struct Context {
  std::string field;
  int precedence = 0;
  Associativity associativity = Associativity::None;
};

struct TempProduction {
  int lhs;
  Alternative alternative;
  std::string origin;
};

class Preparer {
 public:
  explicit Preparer(const GrammarIR& grammar) : grammar_(grammar) {}

  PreparedGrammar run();

 private:
  Rule extract_tokens(const Rule& rule, const std::string& rule_name, bool immediate_context);
  int add_token(TokenDefinition token, const std::string& key);
  void count_token_refs(const Rule& rule, std::map<int, int>& counts) const;
  int resolve(const std::string& name, const std::string& where) const;
  std::vector<Alternative> flatten(const Rule& rule, const Context& context, const std::string& rule_name);
  int repeat_symbol(const Rule& content, const Context& context, const std::string& rule_name);
  int alias_aux_symbol(const Rule& content, const Context& context, const std::string& rule_name);
  int new_symbol(SymbolInfo info, int order_class);

  const GrammarIR& grammar_;
  std::vector<TempSymbol> symbols_;
  std::vector<TokenDefinition> tokens_;
  std::vector<int> token_temp_symbol_;
  std::map<std::string, int> token_by_key_;
  std::map<std::string, int> token_counter_;  // per rule, for aux token names
  std::map<std::string, int> rule_token_;     // rule name -> token index (rules that became tokens)
  std::map<std::string, int> external_temp_;  // external name -> temp symbol
  std::map<std::string, int> nonterminal_temp_;
  std::map<std::string, int> repeat_by_key_;
  std::map<std::string, int> aux_counter_;
  std::vector<TempProduction> productions_;
};

int Preparer::new_symbol(SymbolInfo info, int order_class) {
  symbols_.push_back({std::move(info), order_class, static_cast<int>(symbols_.size())});
  return static_cast<int>(symbols_.size()) - 1;
}

int Preparer::add_token(TokenDefinition token, const std::string& key) {
  auto found = token_by_key_.find(key);
  if (found != token_by_key_.end()) return found->second;
  const int index = static_cast<int>(tokens_.size());
  tokens_.push_back(std::move(token));
  token_by_key_[key] = index;
  return index;
}

Rule Preparer::extract_tokens(const Rule& rule, const std::string& rule_name, bool immediate_context) {
  auto token_ref = [](int index) {
    Rule ref;
    ref.kind = Rule::Kind::Symbol;
    ref.value = std::string(1, kTokenRef) + std::to_string(index);
    return ref;
  };
  switch (rule.kind) {
    case Rule::Kind::String:
    case Rule::Kind::Pattern:
    case Rule::Kind::Token:
    case Rule::Kind::ImmediateToken: {
      const bool immediate = immediate_context || rule.kind == Rule::Kind::ImmediateToken;
      int precedence = 0;
      TokenDefinition token;
      token.rule = to_lex_rule(rule, precedence, rule_name);
      token.precedence = precedence;
      token.immediate = immediate;
      token.is_string = token.rule.kind == LexRule::Kind::String;
      token.origin = rule_name;
      const std::string key = serialize(token.rule) + "|p" + std::to_string(precedence) + (immediate ? "|imm" : "");
      if (token_by_key_.count(key) == 0) {
        if (token.is_string) {
          token.name = token.rule.value;
        } else {
          token.name = rule_name + "_token" + std::to_string(++token_counter_[rule_name]);
        }
      }
      return token_ref(add_token(std::move(token), key));
    }
    default: {
      Rule out = rule;
      out.members.clear();
      for (const auto& member : rule.members) out.members.push_back(extract_tokens(member, rule_name, immediate_context));
      return out;
    }
  }
}

void Preparer::count_token_refs(const Rule& rule, std::map<int, int>& counts) const {
  if (rule.kind == Rule::Kind::Symbol && !rule.value.empty() && rule.value[0] == kTokenRef) {
    counts[std::atoi(rule.value.c_str() + 1)]++;
  }
  for (const auto& member : rule.members) count_token_refs(member, counts);
}

int Preparer::resolve(const std::string& name, const std::string& where) const {
  if (!name.empty() && name[0] == kTokenRef) return token_temp_symbol_.at(std::atoi(name.c_str() + 1));
  if (auto it = rule_token_.find(name); it != rule_token_.end()) return token_temp_symbol_.at(it->second);
  if (auto it = external_temp_.find(name); it != external_temp_.end()) return it->second;
  if (auto it = nonterminal_temp_.find(name); it != nonterminal_temp_.end()) return it->second;
  throw GrammarError("rule '" + where + "' refers to undefined symbol '" + name + "'");
}

std::vector<Alternative> Preparer::flatten(const Rule& rule, const Context& context, const std::string& rule_name) {
  switch (rule.kind) {
    case Rule::Kind::Blank: return {Alternative{}};
    case Rule::Kind::Symbol: {
      Alternative alternative;
      alternative.steps.push_back(
          TempStep{resolve(rule.value, rule_name), context.field, std::nullopt, context.precedence, context.associativity});
      return {alternative};
    }
    case Rule::Kind::Seq: {
      std::vector<Alternative> result{Alternative{}};
      for (const auto& member : rule.members) {
        const auto tails = flatten(member, context, rule_name);
        std::vector<Alternative> next;
        for (const auto& head : result) {
          for (const auto& tail : tails) {
            Alternative joined = head;
            joined.steps.insert(joined.steps.end(), tail.steps.begin(), tail.steps.end());
            if (std::abs(tail.dynamic_precedence) > std::abs(joined.dynamic_precedence)) {
              joined.dynamic_precedence = tail.dynamic_precedence;
            }
            next.push_back(std::move(joined));
          }
        }
        if (next.size() > 4096) {
          throw GrammarError("rule '" + rule_name + "' expands to more than 4096 alternatives; split it into smaller rules");
        }
        result = std::move(next);
      }
      return result;
    }
    case Rule::Kind::Choice: {
      std::vector<Alternative> result;
      for (const auto& member : rule.members) {
        auto alternatives = flatten(member, context, rule_name);
        result.insert(result.end(), alternatives.begin(), alternatives.end());
      }
      return result;
    }
    case Rule::Kind::Repeat: {
      Rule repeat1 = rule;
      repeat1.kind = Rule::Kind::Repeat1;
      Rule choice;
      choice.kind = Rule::Kind::Choice;
      choice.members = {repeat1, Rule{}};
      return flatten(choice, context, rule_name);
    }
    case Rule::Kind::Repeat1: {
      Alternative alternative;
      alternative.steps.push_back(TempStep{repeat_symbol(rule.members[0], context, rule_name), context.field,
                                           std::nullopt, context.precedence, context.associativity});
      return {alternative};
    }
    case Rule::Kind::Prec:
    case Rule::Kind::PrecLeft:
    case Rule::Kind::PrecRight: {
      Context inner = context;
      inner.precedence = rule.precedence;
      inner.associativity = rule.kind == Rule::Kind::PrecLeft    ? Associativity::Left
                            : rule.kind == Rule::Kind::PrecRight ? Associativity::Right
                                                                 : Associativity::None;
      return flatten(rule.members[0], inner, rule_name);
    }
    case Rule::Kind::PrecDynamic: {
      auto alternatives = flatten(rule.members[0], context, rule_name);
      for (auto& alternative : alternatives) {
        if (std::abs(rule.precedence) > std::abs(alternative.dynamic_precedence)) {
          alternative.dynamic_precedence = rule.precedence;
        }
      }
      return alternatives;
    }
    case Rule::Kind::Field: {
      Context inner = context;
      inner.field = rule.value;
      return flatten(rule.members[0], inner, rule_name);
    }
    case Rule::Kind::Alias: {
      const Rule* content = &rule.members[0];
      Context inner = context;
      // prec()/field() directly around the aliased symbol keep applying to it.
      while (content->kind == Rule::Kind::Prec || content->kind == Rule::Kind::Field) {
        if (content->kind == Rule::Kind::Field) inner.field = content->value;
        if (content->kind == Rule::Kind::Prec) inner.precedence = content->precedence;
        content = &content->members[0];
      }
      int symbol;
      if (content->kind == Rule::Kind::Symbol) {
        symbol = resolve(content->value, rule_name);
      } else {
        symbol = alias_aux_symbol(*content, inner, rule_name);
      }
      Alternative alternative;
      alternative.steps.push_back(TempStep{symbol, inner.field, std::make_pair(rule.value, rule.named),
                                           inner.precedence, inner.associativity});
      return {alternative};
    }
    case Rule::Kind::String:
    case Rule::Kind::Pattern:
    case Rule::Kind::Token:
    case Rule::Kind::ImmediateToken:
      break;
  }
  throw GrammarError("internal error: unextracted token in rule '" + rule_name + "'");
}

int Preparer::repeat_symbol(const Rule& content, const Context& context, const std::string& rule_name) {
  const std::string key = serialize(content) + "|p" + std::to_string(context.precedence);
  if (auto it = repeat_by_key_.find(key); it != repeat_by_key_.end()) return it->second;
  SymbolInfo info;
  info.name = rule_name + "_repeat" + std::to_string(++aux_counter_[rule_name + "_repeat"]);
  info.kind = SymbolKind::Repeat;
  info.visible = false;
  info.named = false;
  const int symbol = new_symbol(info, 4);
  repeat_by_key_[key] = symbol;
  Context inner;
  inner.precedence = context.precedence;
  inner.associativity = context.associativity;
  Alternative pair;
  pair.steps.push_back(TempStep{symbol, "", std::nullopt, context.precedence, context.associativity});
  pair.steps.push_back(TempStep{symbol, "", std::nullopt, context.precedence, context.associativity});
  productions_.push_back({symbol, pair, rule_name});
  for (auto& alternative : flatten(content, inner, rule_name)) {
    if (alternative.steps.empty()) {
      throw GrammarError("rule '" + rule_name + "' repeats something that can be empty");
    }
    productions_.push_back({symbol, std::move(alternative), rule_name});
  }
  return symbol;
}

int Preparer::alias_aux_symbol(const Rule& content, const Context& context, const std::string& rule_name) {
  SymbolInfo info;
  info.name = rule_name + "_alias" + std::to_string(++aux_counter_[rule_name + "_alias"]);
  info.kind = SymbolKind::NonTerminal;
  info.visible = false;
  info.named = false;
  const int symbol = new_symbol(info, 4);
  Context inner;
  inner.precedence = context.precedence;
  inner.associativity = context.associativity;
  for (auto& alternative : flatten(content, inner, rule_name)) {
    productions_.push_back({symbol, std::move(alternative), rule_name});
  }
  return symbol;
}

PreparedGrammar Preparer::run() {
  if (!grammar_.inline_rules.empty()) throw GrammarError("'inline' rules are not supported");
  if (!grammar_.supertypes.empty()) throw GrammarError("'supertypes' are not supported");

  // 1. Extract tokens from every rule.
  std::vector<std::pair<std::string, Rule>> rules;
  for (const auto& [name, rule] : grammar_.rules) rules.emplace_back(name, extract_tokens(rule, name, false));

  // Separators: extras that are plain strings/patterns.
  std::vector<LexRule> separators;
  std::vector<std::string> extra_names;
  for (const auto& extra : grammar_.extras) {
    if (extra.kind == Rule::Kind::Symbol) {
      extra_names.push_back(extra.value);
    } else {
      int precedence = 0;
      separators.push_back(to_lex_rule(extra, precedence, "extras"));
    }
  }

  // 2. Rules whose whole body is a token used nowhere else become named terminals.
  std::map<int, int> ref_counts;
  for (const auto& [name, rule] : rules) count_token_refs(rule, ref_counts);
  std::set<std::string> lexical_rules;
  for (size_t i = 1; i < rules.size(); ++i) {
    const auto& [name, rule] = rules[i];
    if (rule.kind == Rule::Kind::Symbol && rule.value[0] == kTokenRef) {
      const int index = std::atoi(rule.value.c_str() + 1);
      if (ref_counts[index] == 1 && !tokens_[index].origin.empty()) {
        tokens_[index].name = name;
        tokens_[index].origin = "";  // claimed
        rule_token_[name] = index;
        lexical_rules.insert(name);
      }
    }
  }

  // 3. Temp symbols: end, tokens, externals, non-terminals.
  new_symbol({"end", SymbolKind::End, false, true, -1, -1}, 0);
  for (size_t i = 0; i < tokens_.size(); ++i) {
    SymbolInfo info;
    info.name = tokens_[i].name;
    info.kind = SymbolKind::Token;
    info.token_index = static_cast<int>(i);
    const bool from_rule = rule_token_.count(tokens_[i].name) > 0 && rule_token_.at(tokens_[i].name) == static_cast<int>(i);
    if (from_rule) {
      info.visible = !is_hidden_name(info.name);
      info.named = true;
    } else if (tokens_[i].is_string) {
      info.visible = true;
      info.named = false;
    } else {
      info.visible = false;
      info.named = false;
    }
    const bool is_word = from_rule && info.name == grammar_.word;
    token_temp_symbol_.push_back(new_symbol(info, is_word ? 1 : 2));
  }
  std::vector<int> external_symbols;
  std::vector<std::string> external_names;
  for (const auto& external : grammar_.externals) {
    if (external.kind != Rule::Kind::Symbol) throw GrammarError("externals must be symbols ($.name)");
    external_names.push_back(external.value);
    if (auto it = rule_token_.find(external.value); it != rule_token_.end()) {
      external_symbols.push_back(token_temp_symbol_[it->second]);
      continue;
    }
    bool is_rule = false;
    for (const auto& [name, rule] : rules) is_rule |= name == external.value;
    if (is_rule) {
      throw GrammarError("external '" + external.value + "' is also a non-token rule");
    }
    SymbolInfo info;
    info.name = external.value;
    info.kind = SymbolKind::External;
    info.visible = !is_hidden_name(info.name);
    info.named = true;
    info.external_index = static_cast<int>(external_symbols.size());
    const int symbol = new_symbol(info, 3);
    external_temp_[external.value] = symbol;
    external_symbols.push_back(symbol);
  }
  for (const auto& [name, rule] : rules) {
    if (lexical_rules.count(name)) continue;
    SymbolInfo info;
    info.name = name;
    info.kind = SymbolKind::NonTerminal;
    info.visible = !is_hidden_name(name);
    info.named = true;
    nonterminal_temp_[name] = new_symbol(info, 4);
  }
  if (!grammar_.word.empty() && rule_token_.count(grammar_.word) == 0) {
    throw GrammarError("the word rule '" + grammar_.word + "' must be a token used nowhere else");
  }

  // 4. Flatten every non-terminal rule.
  for (const auto& [name, rule] : rules) {
    if (lexical_rules.count(name)) continue;
    const int lhs = nonterminal_temp_.at(name);
    for (auto& alternative : flatten(rule, Context{}, name)) {
      productions_.push_back({lhs, std::move(alternative), name});
    }
  }

  // 5. Alias symbols: reuse a visible symbol with the same name and kind.
  std::map<std::pair<std::string, bool>, int> alias_symbol;
  for (auto& production : productions_) {
    for (auto& step : production.alternative.steps) {
      if (!step.alias) continue;
      if (alias_symbol.count(*step.alias)) continue;
      int found = -1;
      for (size_t s = 0; s < symbols_.size(); ++s) {
        const auto& info = symbols_[s].info;
        if (info.visible && info.name == step.alias->first && info.named == step.alias->second) {
          found = static_cast<int>(s);
          break;
        }
      }
      if (found < 0) {
        SymbolInfo info;
        info.name = step.alias->first;
        info.kind = SymbolKind::AliasOnly;
        info.visible = true;
        info.named = step.alias->second;
        found = new_symbol(info, 5);
      }
      alias_symbol[*step.alias] = found;
    }
  }

  // 6. Final numbering.
  std::vector<int> order(symbols_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (symbols_[a].order_class != symbols_[b].order_class) return symbols_[a].order_class < symbols_[b].order_class;
    return symbols_[a].order_key < symbols_[b].order_key;
  });
  std::vector<int> final_id(symbols_.size());
  PreparedGrammar out;
  out.name = grammar_.name;
  for (size_t i = 0; i < order.size(); ++i) {
    final_id[order[i]] = static_cast<int>(i);
    out.symbols.push_back(symbols_[order[i]].info);
  }
  for (const auto& info : out.symbols) {
    if (info.kind == SymbolKind::End || info.kind == SymbolKind::Token || info.kind == SymbolKind::External) {
      out.token_count++;
    }
    if (info.kind != SymbolKind::AliasOnly) out.symbol_count++;
  }
  out.tokens = tokens_;
  for (int temp : token_temp_symbol_) out.token_symbols.push_back(final_id[temp]);
  for (int temp : external_symbols) out.external_symbols.push_back(final_id[temp]);
  out.external_names = external_names;
  out.separators = separators;
  out.start_symbol = final_id[nonterminal_temp_.at(rules.front().first)];
  if (!grammar_.word.empty()) out.word_symbol = final_id[token_temp_symbol_[rule_token_.at(grammar_.word)]];
  for (const auto& name : extra_names) {
    const int symbol = final_id[resolve(name, "extras")];
    if (symbol >= out.token_count) throw GrammarError("extra '" + name + "' is not a token (non-terminal extras are not supported)");
    out.extra_symbols.push_back(symbol);
  }
  for (const auto& group : grammar_.conflicts) {
    std::set<int> set;
    for (const auto& name : group) set.insert(final_id[resolve(name, "conflicts")]);
    out.declared_conflicts.push_back(set);
  }

  // Production 0: the augmented start, S' -> start.
  Production augmented;
  augmented.lhs = -1;
  augmented.steps.push_back(Step{out.start_symbol, "", -1, 0, Associativity::None});
  augmented.origin = "(start)";
  out.productions.push_back(augmented);
  std::set<std::string> fields;
  for (const auto& temp : productions_) {
    Production production;
    production.lhs = final_id[temp.lhs];
    production.dynamic_precedence = temp.alternative.dynamic_precedence;
    production.origin = temp.origin;
    for (const auto& temp_step : temp.alternative.steps) {
      Step step;
      step.symbol = final_id[temp_step.symbol];
      step.field = temp_step.field;
      if (!step.field.empty()) fields.insert(step.field);
      if (temp_step.alias) {
        const int alias = final_id[alias_symbol.at(*temp_step.alias)];
        if (alias != step.symbol) step.alias = alias;
      }
      step.precedence = temp_step.precedence;
      step.associativity = temp_step.associativity;
      production.steps.push_back(step);
    }
    if (production.steps.size() > 255) throw GrammarError("a production of rule '" + temp.origin + "' is longer than 255 steps");
    out.productions.push_back(std::move(production));
  }
  out.field_names.assign(fields.begin(), fields.end());
  out.productions_of.assign(out.symbols.size(), {});
  for (size_t p = 1; p < out.productions.size(); ++p) out.productions_of[out.productions[p].lhs].push_back(static_cast<int>(p));
  for (int s = out.token_count; s < out.symbol_count; ++s) {
    if (out.productions_of[s].empty()) {
      throw GrammarError("rule '" + out.symbols[s].name + "' has no productions");
    }
  }
  return out;
}

}  // namespace

int PreparedGrammar::field_id(const std::string& field) const {
  auto it = std::lower_bound(field_names.begin(), field_names.end(), field);
  if (it == field_names.end() || *it != field) return 0;
  return static_cast<int>(it - field_names.begin()) + 1;
}

std::string PreparedGrammar::describe(int symbol) const {
  if (symbol < 0) return "(start)";
  const auto& info = symbols[symbol];
  if (info.kind == SymbolKind::End) return "end of input";
  if (info.kind == SymbolKind::Token && !info.named && tokens[info.token_index].is_string) return "'" + info.name + "'";
  if (info.kind == SymbolKind::Token && !info.named) {
    return info.name + " (" + tokens[info.token_index].rule.value + ")";
  }
  return info.name;
}

PreparedGrammar prepare_grammar(const GrammarIR& grammar) { return Preparer(grammar).run(); }

}  // namespace tsgen
