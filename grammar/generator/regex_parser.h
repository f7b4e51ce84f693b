// JavaScript regex source (as written in grammar.js patterns) -> regex AST.
#pragma once

#include <string_view>
#include <vector>

#include "lex_charset.h"
#include "lex_rule.h"

namespace tsgen {

struct RegexNode {
  enum class Kind { Empty, Chars, Seq, Alt, Repeat };
  Kind kind = Kind::Empty;
  CharSet chars;                  // Chars
  std::vector<RegexNode> children;  // Seq, Alt; Repeat: exactly one
  int min = 0;                    // Repeat
  int max = -1;                   // Repeat; -1 = unbounded

  static RegexNode empty() { return RegexNode{}; }
  static RegexNode of_chars(CharSet set);
  static RegexNode seq(std::vector<RegexNode> nodes);
  static RegexNode alt(std::vector<RegexNode> nodes);
  static RegexNode repeat(RegexNode node, int min, int max);
};

// Parses a JS regex source. Supported: literals, escapes (\n \r \t \f \v \0 \cX \xHH \uHHHH
// \u{...}, identity escapes of punctuation), classes with ranges and negation, \s \S \d \D \w \W,
// `.`, groups ( ), (?: ), (?<name> ), alternation, greedy quantifiers * + ? {m} {m,} {m,n}.
// Flags: i (case-insensitive), u (no effect: we always work on code points), s (dotAll).
// Anything else (anchors, backreferences, lookaround, lazy quantifiers, \p{...}, other flags)
// throws GrammarError with a message naming the construct.
// Values may include U+0000; the NFA builder drops it from every transition.
RegexNode parse_js_regex(std::string_view source, std::string_view flags);

// Converts a token rule tree into a regex AST. Throws GrammarError (without a token name;
// the caller adds it).
RegexNode lex_rule_to_regex(const LexRule& rule);

}  // namespace tsgen
