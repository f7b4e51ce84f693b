// The token rule tree handed to the lexer generator: the content of a grammar.json
// token()/token.immediate() or a bare STRING/PATTERN.
#pragma once

#include <string>
#include <vector>

namespace tsgen {

struct LexRule {
  enum class Kind { String, Pattern, Seq, Choice, Repeat /* x* */, Repeat1 /* x+ */, Blank };
  Kind kind = Kind::Blank;
  std::string value;  // String: literal text (UTF-8); Pattern: JS regex source
  std::string flags;  // Pattern: JS regex flags ("i", "u", "s" accepted; others are a GrammarError)
  std::vector<LexRule> members;  // Seq/Choice: members; Repeat/Repeat1: exactly one member

  static LexRule string(std::string text) {
    LexRule r;
    r.kind = Kind::String;
    r.value = std::move(text);
    return r;
  }
  static LexRule pattern(std::string source, std::string regex_flags = {}) {
    LexRule r;
    r.kind = Kind::Pattern;
    r.value = std::move(source);
    r.flags = std::move(regex_flags);
    return r;
  }
  static LexRule seq(std::vector<LexRule> rules) { return with_members(Kind::Seq, std::move(rules)); }
  static LexRule choice(std::vector<LexRule> rules) { return with_members(Kind::Choice, std::move(rules)); }
  static LexRule repeat(LexRule rule) { return with_members(Kind::Repeat, {std::move(rule)}); }
  static LexRule repeat1(LexRule rule) { return with_members(Kind::Repeat1, {std::move(rule)}); }
  static LexRule blank() { return LexRule{}; }

 private:
  static LexRule with_members(Kind kind, std::vector<LexRule> rules) {
    LexRule r;
    r.kind = kind;
    r.members = std::move(rules);
    return r;
  }
};

struct TokenSpec {
  int symbol = 0;      // terminal symbol id put in lexer->result_symbol (> 0)
  std::string name;    // for messages: rule name or literal text, e.g. "comment" or "\"[\""
  LexRule rule;
  bool is_string = false;  // the whole token is one STRING literal (string beats pattern on ties)
  int precedence = 0;      // lexical precedence, from token(prec(n, ...))
  bool immediate = false;  // token.immediate: no separators may be skipped before it
};

}  // namespace tsgen
