// The grammar after token extraction and flattening: numbered symbols,
// terminals with their lexical rules, and flat productions. This is what the
// LR table builder and the C renderer consume.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "grammar_ir.h"
#include "lex_rule.h"

namespace tsgen {

enum class SymbolKind { End, Token, External, NonTerminal, Repeat, AliasOnly };

struct SymbolInfo {
  std::string name;
  SymbolKind kind = SymbolKind::NonTerminal;
  bool visible = true;
  bool named = true;
  int token_index = -1;     // Token: index into PreparedGrammar::tokens
  int external_index = -1;  // External: index into the grammar's externals
};

enum class Associativity { None, Left, Right };

struct Step {
  int symbol = 0;
  std::string field;        // empty: no field
  int alias = -1;           // symbol id of the alias (AliasOnly or existing), -1: none
  int precedence = 0;
  Associativity associativity = Associativity::None;
};

struct Production {
  int lhs = 0;
  std::vector<Step> steps;
  int dynamic_precedence = 0;
  std::string origin;  // the grammar rule it came from, for messages
};

struct TokenDefinition {
  std::string name;
  LexRule rule;
  bool is_string = false;
  int precedence = 0;
  bool immediate = false;
  std::string origin;  // rule where it first appeared
};

struct PreparedGrammar {
  std::string name;
  std::vector<SymbolInfo> symbols;  // all symbols, aliases last
  int token_count = 0;              // symbols [0, token_count) are terminals
  int symbol_count = 0;             // symbols [0, symbol_count) are grammar symbols
  std::vector<TokenDefinition> tokens;        // by token_index
  std::vector<int> token_symbols;             // token_index -> symbol
  std::vector<int> external_symbols;          // external index -> symbol
  std::vector<std::string> external_names;
  std::vector<Production> productions;        // production 0 is the augmented start
  std::vector<std::vector<int>> productions_of;  // symbol -> productions
  int start_symbol = 0;
  std::vector<int> extra_symbols;             // terminal extras
  std::vector<LexRule> separators;            // non-symbol extras
  int word_symbol = -1;
  std::vector<std::set<int>> declared_conflicts;
  std::vector<std::string> field_names;       // sorted; field id = index + 1

  bool is_terminal(int symbol) const { return symbol < token_count; }
  int field_id(const std::string& field) const;
  std::string describe(int symbol) const;  // for messages
};

PreparedGrammar prepare_grammar(const GrammarIR& grammar);

}  // namespace tsgen
