// The lex state of the error-recovery parse state (state 0): which token the runtime gets while
// it resynchronizes after a syntax error, whatever the surrounding construct.
#include <catch2/catch.hpp>
#include <string>

#include "compiled_language.h"
#include "grammar_ir.h"
#include "lex_test_harness.h"
#include "lexer_builder.h"
#include "parse_table.h"
#include "prepared_grammar.h"
#include "render_parser.h"

using lextest::CompiledLexer;
using lextest::pattern_token;
using tsgen::LexerBuilder;
using tsgen::LexRule;
using tsgen_test::CompiledLanguage;

namespace {

enum : int { kComment = 1, kText = 2, kWord = 3, kQuote = 4 };

// Tokens of a line-based language: `text` is the inside of a quoted string, an immediate token
// (the renderer gives those a higher precedence) that also matches `#` and letters.
LexerBuilder line_tokens() {
  return LexerBuilder({pattern_token(kComment, "comment", "#[^\\n]*"),
                       pattern_token(kText, "text", "[^'\\n]+", "", 1, true),
                       pattern_token(kWord, "word", "[a-z]+"), lextest::string_token(kQuote, "'")},
                      {LexRule::pattern("[ \\t]")});
}

struct Lexed {
  int symbol;
  std::string text;
};

Lexed lex(const CompiledLexer& lexer, uint16_t state, const std::string& input) {
  const lextest::LexResult r = lexer.lex(state, input);
  REQUIRE(r.status == 1);
  return {r.symbol, input.substr(r.start, r.end - r.start)};
}

std::string generate(const std::string& grammar_json) {
  const auto grammar = tsgen::prepare_grammar(tsgen::parse_grammar_json(grammar_json));
  return tsgen::render_parser(grammar, tsgen::build_parse_table(grammar));
}

// Lines of `name='text'` assignments and comments, the quoted text being an immediate token
// that also matches `#`. In an ordinary parse state it never competes with `comment`; in the
// error-recovery state, shared by all contexts, it does.
const char* kLines = R"json({"name": "lines", "rules": {
  "program": {"type": "REPEAT", "content": {"type": "SYMBOL", "name": "_line"}},
  "_line": {"type": "CHOICE", "members": [
    {"type": "SEQ", "members": [{"type": "SYMBOL", "name": "assignment"}, {"type": "SYMBOL", "name": "_newline"}]},
    {"type": "SEQ", "members": [{"type": "SYMBOL", "name": "comment"}, {"type": "SYMBOL", "name": "_newline"}]},
    {"type": "SYMBOL", "name": "_newline"}]},
  "_newline": {"type": "PATTERN", "value": "\\n"},
  "comment": {"type": "PATTERN", "value": "#[^\\n]*"},
  "assignment": {"type": "SEQ", "members": [
    {"type": "FIELD", "name": "name", "content": {"type": "SYMBOL", "name": "identifier"}},
    {"type": "IMMEDIATE_TOKEN", "content": {"type": "STRING", "value": "="}},
    {"type": "FIELD", "name": "value", "content": {"type": "SYMBOL", "name": "string"}}]},
  "string": {"type": "SEQ", "members": [
    {"type": "IMMEDIATE_TOKEN", "content": {"type": "STRING", "value": "'"}},
    {"type": "REPEAT", "content": {"type": "IMMEDIATE_TOKEN", "content": {"type": "PATTERN", "value": "[^'\\n]+"}}},
    {"type": "IMMEDIATE_TOKEN", "content": {"type": "STRING", "value": "'"}}]},
  "identifier": {"type": "PATTERN", "value": "[a-z]+"}},
  "extras": [{"type": "PATTERN", "value": "[ \\t]"}]})json";

}  // namespace

TEST_CASE("a recovery lex state takes the longest match, then a preferred token",
          "[recovery][lex]") {
  LexerBuilder builder = line_tokens();
  const std::vector<int> all = {kComment, kText, kWord, kQuote};
  const uint16_t ordinary = builder.lex_state_for(all, true, /*allow_ambiguity=*/true);
  const uint16_t recovery = builder.recovery_lex_state_for(all, true, {kComment, kWord});
  REQUIRE(recovery != ordinary);
  CompiledLexer lexer(builder);

  // By precedence the immediate text wins, and once it has matched, the lower-precedence
  // comment is cut off even where it is longer.
  CHECK(lex(lexer, ordinary, "# note\n").symbol == kText);
  CHECK(lex(lexer, ordinary, "# it's\n").symbol == kText);

  // Longest match first: the comment runs past the quote; on equal length the preferred
  // comment wins.
  CHECK(lex(lexer, recovery, "# it's\n").symbol == kComment);
  CHECK(lex(lexer, recovery, "# note\n").symbol == kComment);
  // A preferred token does not cut a longer match short...
  const Lexed long_text = lex(lexer, recovery, "abc def'\n");
  CHECK(long_text.symbol == kText);
  CHECK(long_text.text == "abc def");
  // ...but wins on equal length, here over the higher-precedence text.
  CHECK(lex(lexer, recovery, "abc\n").symbol == kWord);
}

TEST_CASE("error recovery keeps a comment line after an unterminated quote", "[recovery][e2e]") {
  CompiledLanguage language(generate(kLines), "lines");
  REQUIRE(language.parse("a='x'\n# note\nb='y'\n") ==
          "(program (assignment name: (identifier) value: (string)) (comment) "
          "(assignment name: (identifier) value: (string)))");
  // The error stays on the line of the unterminated quote: the next line is a comment, not text
  // for the quote (that a quote at its end would even close).
  for (const std::string comment : {"# note ' ", "# note"}) {
    const std::string tree = language.parse("a='x\n" + comment + "\nb='y'\n");
    INFO(tree);
    CHECK(tree.find("(comment)") != std::string::npos);
    CHECK(tree.find("(assignment name: (identifier) value: (string)))") != std::string::npos);
  }
}
