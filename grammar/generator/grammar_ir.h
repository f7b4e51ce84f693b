// The grammar as read from grammar.json (tree-sitter's standard intermediate
// form), before any processing.
#pragma once

#include <string>
#include <vector>

namespace tsgen {

struct Rule {
  enum class Kind {
    Blank,
    String,
    Pattern,
    Symbol,
    Seq,
    Choice,
    Repeat,
    Repeat1,
    Token,
    ImmediateToken,
    Prec,
    PrecLeft,
    PrecRight,
    PrecDynamic,
    Field,
    Alias,
  };
  Kind kind = Kind::Blank;
  // String: text; Pattern: regex source; Symbol: rule name; Field: field name;
  // Alias: alias name.
  std::string value;
  std::string flags;  // Pattern flags
  int precedence = 0;
  bool named = false;  // Alias
  std::vector<Rule> members;  // Seq/Choice members; one member for wrappers
};

struct GrammarIR {
  std::string name;
  std::string word;  // empty if none
  std::vector<std::pair<std::string, Rule>> rules;  // in declaration order
  std::vector<Rule> extras;
  std::vector<Rule> externals;
  std::vector<std::vector<std::string>> conflicts;
  std::vector<std::string> inline_rules;
  std::vector<std::string> supertypes;
};

// Parses grammar.json text. Throws GrammarError with a readable message.
GrammarIR parse_grammar_json(const std::string& text);

}  // namespace tsgen
