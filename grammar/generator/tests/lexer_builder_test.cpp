// LexerBuilder tests: each builds a lexer, compiles the emitted C with the system cc together
// with a fake TSLexer (lex_test_harness), loads it and lexes inputs.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "grammar_error.h"
#include "lex_test_harness.h"
#include "lexer_builder.h"

using lextest::CompiledLexer;
using lextest::pattern_token;
using lextest::show;
using lextest::string_token;
using lextest::Token;
using tsgen::GrammarError;
using tsgen::LexerBuilder;
using tsgen::LexRule;
using tsgen::TokenSpec;

namespace {

const LexRule kSpaces = LexRule::pattern("[ \\t]+");
const LexRule kContinuation = LexRule::pattern("\\\\\\r?\\n");  // backslash + newline

enum : int { kFrom = 1, kWord = 2, kComment = 3, kNewline = 4, kEq = 5, kEqEq = 6, kNumber = 7, kIf = 8 };

std::vector<Token> toks(std::initializer_list<Token> list) { return std::vector<Token>(list); }

}  // namespace

TEST_CASE("keywords vs words: precedence, longest match, string beats pattern", "[lex]") {
  SECTION("keyword with higher precedence cuts off the word") {
    LexerBuilder b({string_token(kFrom, "FROM", 1), pattern_token(kWord, "word", "[A-Za-z]+")}, {kSpaces});
    const auto s = b.lex_state_for({kFrom, kWord}, true);
    const auto words_only = b.lex_state_for({kWord}, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "FROM abc FROMx FRO")) ==
          show(toks({{kFrom, "FROM"}, {kWord, "abc"}, {kFrom, "FROM"}, {kWord, "x"}, {kWord, "FRO"}, {0, ""}})));
    // Only valid tokens count: where FROM is not valid it is a word.
    CHECK(show(lx.tokenize(words_only, "FROM FROMx")) == show(toks({{kWord, "FROM"}, {kWord, "FROMx"}, {0, ""}})));
  }
  SECTION("equal precedence: longest match, then string beats pattern") {
    LexerBuilder b({pattern_token(kWord, "identifier", "[a-z]+"), string_token(kIf, "if")}, {kSpaces});
    const auto s = b.lex_state_for({kWord, kIf}, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "if ifx i")) ==
          show(toks({{kIf, "if"}, {kWord, "ifx"}, {kWord, "i"}, {0, ""}})));
  }
  SECTION("longest match among strings and fallback to the last accepted token") {
    LexerBuilder b({string_token(kEq, "="), string_token(kEqEq, "=="), pattern_token(kWord, "word", "[a-z]+"),
                    string_token(kIf, "=!=!")},
                   {});
    const auto s = b.lex_state_for({kEq, kEqEq, kWord, kIf}, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "a==b===c=!=x")) ==
          show(toks({{kWord, "a"},
                     {kEqEq, "=="},
                     {kWord, "b"},
                     {kEqEq, "=="},
                     {kEq, "="},
                     {kWord, "c"},
                     {kEq, "="},
                     {-1, "!=x"}})));
  }
  SECTION("a higher-precedence pattern beats a longer lower-precedence match") {
    LexerBuilder b({pattern_token(kNumber, "number", "[0-9]+", "", 2), pattern_token(kWord, "word", "[0-9a-z]+")},
                   {kSpaces});
    const auto s = b.lex_state_for({kNumber, kWord}, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "123abc abc1")) ==
          show(toks({{kNumber, "123"}, {kWord, "abc"}, {kWord, "abc1"}, {0, ""}})));
  }
}

TEST_CASE("ambiguous tokens are reported, or resolved by declaration order", "[lex]") {
  std::vector<TokenSpec> tokens{pattern_token(kWord, "word", "[a-z]+"), pattern_token(kNumber, "abc_word", "[a-c]+[0-9]?")};
  SECTION("error names both tokens and an example") {
    LexerBuilder b(tokens, {kSpaces});
    CHECK_THROWS_AS(b.lex_state_for({kWord, kNumber}, false), GrammarError);
    CHECK_THROWS_WITH(b.lex_state_for({kWord, kNumber}, false),
                      Catch::Contains("word") && Catch::Contains("abc_word") && Catch::Contains("\"a\""));
    // Separately they are fine.
    CHECK_NOTHROW(b.lex_state_for({kWord}, false));
    CHECK_NOTHROW(b.lex_state_for({kNumber}, false));
  }
  SECTION("allow_ambiguity: first declared wins, longest match still applies") {
    LexerBuilder b(tokens, {kSpaces});
    const auto s = b.lex_state_for({kWord, kNumber}, true, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "a b1 bz")) ==
          show(toks({{kWord, "a"}, {kNumber, "b1"}, {kWord, "bz"}, {0, ""}})));
    // The same request without allow_ambiguity still fails.
    CHECK_THROWS_AS(b.lex_state_for({kWord, kNumber}, true), GrammarError);
  }
  SECTION("precedence removes the ambiguity") {
    tokens[1].precedence = 1;
    LexerBuilder b(tokens, {kSpaces});
    const auto s = b.lex_state_for({kWord, kNumber}, true);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "a abcd ab2")) ==
          show(toks({{kNumber, "a"}, {kNumber, "abc"}, {kWord, "d"}, {kNumber, "ab2"}, {0, ""}})));
  }
  SECTION("two string tokens with the same text and different symbols") {
    LexerBuilder b({string_token(kEq, "("), string_token(kEqEq, "(", 0, true)}, {kSpaces});
    CHECK_THROWS_WITH(b.lex_state_for({kEq, kEqEq}, false),
                      Catch::Contains("\"(\"") && Catch::Contains("both are string literals"));
    CHECK_NOTHROW(b.lex_state_for({kEq}, false));
  }
  SECTION("example string excludes skipped separators") {
    LexerBuilder b({pattern_token(kWord, "w1", "x[0-9]"), pattern_token(kNumber, "w2", "[a-z]1")}, {kSpaces});
    CHECK_THROWS_WITH(b.lex_state_for({kWord, kNumber}, false), Catch::Contains("\"x1\""));
  }
  SECTION("TokenSpecs with the same symbol are one token") {
    LexerBuilder b({pattern_token(kWord, "word", "[a-z]+"), string_token(kWord, "if"), string_token(kEq, "=")}, {});
    const auto s = b.lex_state_for({kWord, kEq}, false);
    CompiledLexer lx(b);
    CHECK(show(lx.tokenize(s, "if=a")) == show(toks({{kWord, "if"}, {kEq, "="}, {kWord, "a"}, {-1, ""}})));
  }
}

TEST_CASE("token errors: empty match, no match, unsupported regex", "[lex]") {
  CHECK_THROWS_AS(LexerBuilder({pattern_token(kWord, "maybe_word", "[a-z]*")}, {}), GrammarError);
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "maybe_word", "[a-z]*")}, {}),
                    Catch::Contains("maybe_word") && Catch::Contains("empty string"));
  CHECK_THROWS_WITH(LexerBuilder({string_token(kWord, "")}, {}), Catch::Contains("empty string"));
  TokenSpec blank{kWord, "blank_token", LexRule::blank(), false};
  CHECK_THROWS_WITH(LexerBuilder({blank}, {}), Catch::Contains("blank_token"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "never", "a[]")}, {}),
                    Catch::Contains("never") && Catch::Contains("cannot match"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "anchored", "^FROM")}, {}),
                    Catch::Contains("anchored") && Catch::Contains("anchor"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "looky", "a(?=b)")}, {}),
                    Catch::Contains("looky") && Catch::Contains("lookahead"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "backref", "(a)\\1")}, {}),
                    Catch::Contains("backref") && Catch::Contains("backreference"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "flagged", "a", "g")}, {}),
                    Catch::Contains("flagged") && Catch::Contains("flag 'g'"));
  CHECK_THROWS_WITH(LexerBuilder({pattern_token(kWord, "w", "a")}, {LexRule::pattern("\\b")}),
                    Catch::Contains("separator"));
  CHECK_THROWS_AS(LexerBuilder({pattern_token(0, "zero", "a")}, {}), GrammarError);
  LexerBuilder ok({pattern_token(kWord, "w", "a")}, {});
  CHECK_THROWS_AS(ok.lex_state_for({kWord, 99}, false), std::invalid_argument);
}

TEST_CASE("separators are skipped; end of input only in the separator prefix", "[lex]") {
  LexerBuilder b({pattern_token(kWord, "word", "([^\\s\\\\#]|\\\\\\S)+"), pattern_token(kComment, "comment", "#[^\\n]*"),
                  pattern_token(kNewline, "_newline", "\\r?\\n"), string_token(kFrom, "abc")},
                 {kSpaces, kContinuation});
  const auto s = b.lex_state_for({kWord, kComment, kNewline}, true);
  const auto no_eof = b.lex_state_for({kWord, kComment, kNewline}, false);
  const auto abc = b.lex_state_for({kFrom}, true);
  CompiledLexer lx(b);
  CHECK(show(lx.tokenize(s, "")) == show(toks({{0, ""}})));
  CHECK(show(lx.tokenize(s, " \t ")) == show(toks({{0, ""}})));
  CHECK(lx.lex(s, "  ").start == 2);
  CHECK(show(lx.tokenize(s, "  ab \\\n  c\\d \\\r\n e# c\r\n")) ==
        show(toks({{kWord, "ab"}, {kWord, "c\\d"}, {kWord, "e"}, {kComment, "# c\r"}, {kNewline, "\n"}, {0, ""}})));
  // A line continuation right before EOF is still a separator.
  CHECK(show(lx.tokenize(s, "a \\\n")) == show(toks({{kWord, "a"}, {0, ""}})));
  CHECK(show(lx.tokenize(s, "a\\\n")) == show(toks({{kWord, "a"}, {0, ""}})));
  // EOF inside a comment, and a word ending at EOF.
  CHECK(show(lx.tokenize(s, "x #abc")) == show(toks({{kWord, "x"}, {kComment, "#abc"}, {0, ""}})));
  // A lone backslash at EOF is neither a separator nor a word: no token, and no end token either.
  CHECK(show(lx.tokenize(s, "a \\")) == show(toks({{kWord, "a"}, {-1, " \\"}})));
  // Not valid -> no end token.
  CHECK(lx.lex(no_eof, "  ").status == 0);
  // EOF inside a token is not the end token.
  CHECK(show(lx.tokenize(abc, "  ab")) == show(toks({{-1, "  ab"}})));
  CHECK(show(lx.tokenize(abc, " abc ")) == show(toks({{kFrom, "abc"}, {0, ""}})));
}

TEST_CASE("immediate tokens do not skip separators", "[lex]") {
  LexerBuilder b({pattern_token(kWord, "word", "[a-z]+"), string_token(kEq, "=", 0, true), string_token(kEqEq, ":")},
                 {kSpaces});
  const auto s = b.lex_state_for({kWord, kEq, kEqEq}, true);
  CompiledLexer lx(b);
  CHECK(show(lx.tokenize(s, "a=b :c")) ==
        show(toks({{kWord, "a"}, {kEq, "="}, {kWord, "b"}, {kEqEq, ":"}, {kWord, "c"}, {0, ""}})));
  CHECK(show(lx.tokenize(s, "a =b")) == show(toks({{kWord, "a"}, {-1, " =b"}})));
}

TEST_CASE("case-insensitive keywords", "[lex]") {
  LexerBuilder b({pattern_token(kFrom, "FROM", "from", "i", 1), pattern_token(kWord, "word", "[^\\s]+")}, {kSpaces});
  const auto s = b.lex_state_for({kFrom, kWord}, true);
  CompiledLexer lx(b);
  CHECK(show(lx.tokenize(s, "FROM from FrOm fromage")) ==
        show(toks({{kFrom, "FROM"}, {kFrom, "from"}, {kFrom, "FrOm"}, {kFrom, "from"}, {kWord, "age"}, {0, ""}})));
}

TEST_CASE("non-ASCII input and invalid UTF-8", "[lex]") {
  LexerBuilder b({pattern_token(kWord, "word", "[^\\s]+"), pattern_token(kNumber, "letters", "[a-zé]+", "", 1),
                  pattern_token(kComment, "emoji", "[\\u{1F600}-\\u{1F64F}]+", "", 2),
                  pattern_token(kEq, "line", "=[^\\n]*", "", 1)},
                 {LexRule::pattern("\\s")});
  const auto s = b.lex_state_for({kWord, kNumber, kComment, kEq}, true);
  const auto letters_only = b.lex_state_for({kNumber}, true);
  CompiledLexer lx(b);
  CHECK(show(lx.tokenize(s, "héllo wörld \xF0\x9F\x98\x80\xF0\x9F\x98\x81")) ==
        show(toks({{kNumber, "héllo"}, {kNumber, "w"}, {kWord, "örld"}, {kComment, "\xF0\x9F\x98\x80\xF0\x9F\x98\x81"}, {0, ""}})));
  // Invalid bytes (-1) match negated classes, but not positive ones.
  CHECK(show(lx.tokenize(s, "\xff\xfe x\xC0")) == show(toks({{kWord, "\xff\xfe"}, {kNumber, "x"}, {kWord, "\xC0"}, {0, ""}})));
  CHECK(show(lx.tokenize(s, "=a\xff\xe2\x82\n")) == show(toks({{kEq, "=a\xff\xe2\x82"}, {0, ""}})));
  CHECK(show(lx.tokenize(letters_only, "\xff")) == show(toks({{-1, "\xff"}})));
  // Non-breaking space (U+00A0) is \s.
  CHECK(show(lx.tokenize(s, "a\xC2\xA0" "b")) == show(toks({{kNumber, "a"}, {kNumber, "b"}, {0, ""}})));
}

TEST_CASE("no hang at EOF or on U+0000", "[lex]") {
  LexerBuilder b({pattern_token(kComment, "comment", "#[^\\n]*"), pattern_token(kWord, "rest", "[^a]+"),
                  pattern_token(kEq, "string", "\"(\\\\.|[^\"\\\\])*\""), pattern_token(kNumber, "any", ".+", "", -1)},
                 {});
  const auto s = b.lex_state_for({kComment, kEq}, true);
  const auto rest = b.lex_state_for({kWord}, true);
  const auto any = b.lex_state_for({kNumber}, false);
  CompiledLexer lx(b);
  CHECK(lx.lex(s, "#abc").status == 1);
  CHECK(lx.lex(s, "#abc").end == 4);
  CHECK(lx.lex(s, "#").end == 1);
  CHECK(lx.lex(rest, "xyz").end == 3);
  CHECK(lx.lex(rest, "xyza").end == 3);
  CHECK(lx.lex(s, "\"abc").status == 0);  // unterminated string: fails, terminates
  CHECK(lx.lex(s, "\"a\\").status == 0);
  CHECK(lx.lex(s, "").status == 1);       // end token
  CHECK(lx.lex(any, "").status == 0);
  CHECK(lx.lex(any, "ab").end == 2);
  // An embedded NUL character is never consumed.
  const std::string with_nul("#a\0b", 4);
  CHECK(lx.lex(s, with_nul).end == 2);
  CHECK(lx.lex(any, with_nul).end == 2);
  CHECK(lx.lex(any, std::string("\0", 1)).status == 0);
}

TEST_CASE("tokens_may_conflict", "[lex]") {
  LexerBuilder b({pattern_token(kWord, "word", "[a-z]+"), pattern_token(kNumber, "number", "[0-9]+"),
                  string_token(kIf, "if"), string_token(kEq, "=", 0, true), pattern_token(kEqEq, "spaced_eq", "[ ]*=="),
                  pattern_token(kFrom, "FROM", "from", "i"), pattern_token(kComment, "comment", "#.*")},
                 {kSpaces});
  CHECK(b.tokens_may_conflict(kWord, kIf));
  CHECK(b.tokens_may_conflict(kWord, kWord));
  CHECK(b.tokens_may_conflict(kWord, kFrom));  // 'f' in both
  CHECK_FALSE(b.tokens_may_conflict(kWord, kNumber));
  CHECK_FALSE(b.tokens_may_conflict(kNumber, kIf));
  CHECK_FALSE(b.tokens_may_conflict(kEq, kWord));
  CHECK_FALSE(b.tokens_may_conflict(kComment, kNumber));
  CHECK(b.tokens_may_conflict(kEq, kEqEq));
  // A token that can start like a separator overlaps everything.
  CHECK(b.tokens_may_conflict(kEqEq, kNumber));
  CHECK(b.tokens_may_conflict(kWord, kEqEq));
  CHECK_THROWS_AS(b.tokens_may_conflict(kWord, 99), std::invalid_argument);
}

TEST_CASE("lex states: sharing, several states in one function, deterministic output", "[lex]") {
  auto make = [] {
    return LexerBuilder({string_token(kFrom, "FROM", 1), pattern_token(kWord, "word", "[A-Za-z]+"),
                         pattern_token(kNumber, "number", "[0-9]+"), pattern_token(kNewline, "nl", "\\n")},
                        {kSpaces});
  };
  LexerBuilder b = make();
  const auto s0 = b.lex_state_for({kFrom, kWord, kNumber, kNewline}, true, true);
  const auto s1 = b.lex_state_for({kWord, kNewline}, false);
  const auto s2 = b.lex_state_for({kNumber}, true);
  CHECK(s0 == 0);
  CHECK(s1 == 1);
  CHECK(s2 == 2);
  CHECK(b.lex_state_for({kNewline, kWord, kWord}, false) == s1);
  CHECK(b.lex_state_for({kWord, kNewline}, true) == 3);
  CHECK(b.lex_state_count() == 4);
  CompiledLexer lx(b);
  CHECK(show(lx.tokenize(s0, "FROM a 1\n")) ==
        show(toks({{kFrom, "FROM"}, {kWord, "a"}, {kNumber, "1"}, {kNewline, "\n"}, {0, ""}})));
  CHECK(show(lx.tokenize(s1, "FROM a 1")) == show(toks({{kWord, "FROM"}, {kWord, "a"}, {-1, " 1"}})));
  CHECK(show(lx.tokenize(s2, " 12 a")) == show(toks({{kNumber, "12"}, {-1, " a"}})));

  LexerBuilder again = make();
  again.lex_state_for({kFrom, kWord, kNumber, kNewline}, true, true);
  again.lex_state_for({kWord, kNewline}, false);
  again.lex_state_for({kNumber}, true);
  again.lex_state_for({kWord, kNewline}, true);
  CHECK(again.emit_c("ts_lex") == b.emit_c("ts_lex"));
  CHECK(b.emit_c("ts_lex") == b.emit_c("ts_lex"));
  CHECK(b.dfa_state_count() <= 12);
  // Symbol names can be supplied.
  const std::string named = b.emit_c("ts_lex", [](int sym) { return "sym_" + std::to_string(sym); });
  CHECK(named.find("ACCEPT_TOKEN(sym_2)") != std::string::npos);
}

TEST_CASE("minimization merges equivalent states", "[lex]") {
  LexerBuilder b({pattern_token(kWord, "word", "[a-z]+")}, {kSpaces});
  b.lex_state_for({kWord}, true);
  CHECK(b.dfa_state_count() == 2);  // start (skip loop + eof) and the word loop
  const std::string c = b.emit_c("f");
  CHECK(c.find("while (lookahead == '\\t' || lookahead == ' ')") != std::string::npos);
  CHECK(c.find("while ((lookahead >= 'a' && lookahead <= 'z'))") != std::string::npos);
}

TEST_CASE("lex states that minimize to one DFA state share a body", "[lex]") {
  // "a" can never win against the higher-precedence word, so both requests lex identically.
  LexerBuilder b({pattern_token(kWord, "word", "[a-z]+", "", 1), string_token(kEq, "a")}, {kSpaces});
  const auto s0 = b.lex_state_for({kWord}, true);
  const auto s1 = b.lex_state_for({kWord, kEq}, true);
  REQUIRE(s0 != s1);
  CompiledLexer lx(b);
  CHECK(lx.c_source().find("    case 0:\n    case 1:\n") != std::string::npos);
  CHECK(show(lx.tokenize(s1, "a ab")) == show(toks({{kWord, "a"}, {kWord, "ab"}, {0, ""}})));
  CHECK(show(lx.tokenize(s0, "a ab")) == show(toks({{kWord, "a"}, {kWord, "ab"}, {0, ""}})));
}

TEST_CASE("many single-character tokens are dispatched with a switch", "[lex]") {
  const std::string punct = "()[]{},;:=+*/%!?<>";
  std::vector<TokenSpec> tokens;
  std::vector<int> all;
  for (size_t i = 0; i < punct.size(); ++i) {
    tokens.push_back(string_token(static_cast<int>(i + 1), std::string(1, punct[i])));
    all.push_back(static_cast<int>(i + 1));
  }
  tokens.push_back(string_token(100, "=="));
  tokens.push_back(pattern_token(101, "ident", "[A-Za-z_][A-Za-z0-9_]*"));
  all.push_back(100);
  all.push_back(101);
  LexerBuilder b(tokens, {LexRule::pattern("\\s+")});
  const auto s = b.lex_state_for(all, true);
  CompiledLexer lx(b);
  CHECK(lx.c_source().find("switch (lookahead)") != std::string::npos);
  std::vector<Token> want;
  std::string input;
  for (size_t i = 0; i < punct.size(); ++i) {
    input += punct[i];
    input += ' ';
    want.push_back({static_cast<int>(i + 1), std::string(1, punct[i])});
  }
  input += "==x_1\n";
  want.push_back({100, "=="});
  want.push_back({101, "x_1"});
  want.push_back({0, ""});
  CHECK(show(lx.tokenize(s, input)) == show(want));
}

namespace {

// Reference lexer for the differential test: simulates each alternative's NFA separately and
// applies the documented rules (no separators).
struct RefToken {
  int symbol;
  size_t length;
};

RefToken reference_lex(const std::vector<TokenSpec>& specs, const std::vector<tsgen::Nfa>& nfas,
                       const std::vector<int>& starts, const std::string& input, size_t pos) {
  std::vector<std::vector<int>> live(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) live[i] = nfas[i].closure({starts[i]});
  RefToken best{-1, 0};
  for (size_t len = 1; pos + len <= input.size(); ++len) {
    const int32_t c = static_cast<unsigned char>(input[pos + len - 1]);
    if (best.symbol >= 0 && best.length == len - 1) {
      // The state we are leaving accepted a token: cut off lower-precedence continuations.
      int best_prec = 0;
      for (size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].symbol == best.symbol) best_prec = specs[i].precedence;
      }
      for (size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].precedence < best_prec) live[i].clear();
      }
    }
    bool any = false;
    std::vector<size_t> accepted;
    for (size_t i = 0; i < specs.size(); ++i) {
      std::vector<int> next;
      for (int s : live[i]) {
        for (const auto& t : nfas[i].state(s).transitions) {
          if (t.chars.contains(c)) next.push_back(t.target);
        }
      }
      live[i] = next.empty() ? std::vector<int>{} : nfas[i].closure(next);
      for (int s : live[i]) {
        if (nfas[i].state(s).accepting) {
          accepted.push_back(i);
          break;
        }
      }
      any = any || !live[i].empty();
    }
    if (!accepted.empty()) {
      int top = accepted.front();
      for (size_t i : accepted) {
        const auto& a = specs[i];
        const auto& t = specs[static_cast<size_t>(top)];
        if (a.precedence > t.precedence || (a.precedence == t.precedence && a.is_string && !t.is_string)) {
          top = static_cast<int>(i);
        }
      }
      best = {specs[static_cast<size_t>(top)].symbol, len};
    }
    if (!any) break;
  }
  return best;
}

}  // namespace

TEST_CASE("differential: generated lexer vs. per-token NFA reference", "[lex]") {
  const std::vector<std::pair<std::string, bool>> pool = {
      {"a", true},        {"ab", true},       {"abc", true},     {"b-", true},      {"[a-c]+", false},
      {"[ab]*c", false},  {"a(b|c)*", false}, {"[0-9]+", false}, {"-+", false},     {"[^a\\n]+", false},
      {"1?[ab]", false},  {"(ab)+a?", false}, {"c{2,3}", false}, {"[a1-]{2}", false}, {"b[^c]", false}};
  std::mt19937 rng(12345);
  for (int round = 0; round < 12; ++round) {
    std::vector<TokenSpec> specs;
    const size_t n = 3 + rng() % 5;
    std::vector<size_t> picks;
    while (picks.size() < n) {
      const size_t k = rng() % pool.size();
      if (std::find(picks.begin(), picks.end(), k) == picks.end()) picks.push_back(k);
    }
    for (size_t i = 0; i < n; ++i) {
      const auto& [re, is_string] = pool[picks[i]];
      TokenSpec t = is_string ? string_token(static_cast<int>(i + 1), re) : pattern_token(static_cast<int>(i + 1), re, re);
      t.precedence = static_cast<int>(rng() % 3) - 1;
      specs.push_back(t);
    }
    std::vector<tsgen::Nfa> nfas(specs.size());
    std::vector<int> starts;
    for (size_t i = 0; i < specs.size(); ++i) {
      starts.push_back(nfas[i].add_token(tsgen::lex_rule_to_regex(specs[i].rule), static_cast<int>(i)));
    }
    LexerBuilder b(specs, {});
    std::vector<int> all;
    for (const auto& t : specs) all.push_back(t.symbol);
    const auto s = b.lex_state_for(all, false, true);
    CompiledLexer lx(b);
    std::string description;
    for (const auto& t : specs) description += "/" + t.name + "/p" + std::to_string(t.precedence) + " ";
    INFO("tokens: " << description);
    const std::string alphabet = "abc1-\n";
    for (int k = 0; k < 150; ++k) {
      std::string input;
      const size_t len = 1 + rng() % 8;
      for (size_t j = 0; j < len; ++j) input += alphabet[rng() % alphabet.size()];
      const RefToken want = reference_lex(specs, nfas, starts, input, 0);
      // The reference resolves exact ties by declaration order like allow_ambiguity does.
      const auto got = lx.lex(s, input);
      INFO("input: '" << input << "'");
      REQUIRE(got.status != -1);
      if (want.symbol < 0) {
        CHECK(got.status == 0);
      } else {
        REQUIRE(got.status == 1);
        CHECK(got.symbol == want.symbol);
        CHECK(got.end == want.length);
      }
    }
  }
}

TEST_CASE("Dockerfile-like lexer throughput", "[lex][.perf]") {
  std::vector<TokenSpec> tokens;
  const char* keywords[] = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                            "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER"};
  int sym = 1;
  for (const char* k : keywords) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    tokens.push_back(pattern_token(sym++, k, lower, "i", 1));
  }
  const int word = sym++;
  tokens.push_back(pattern_token(word, "word", "([^\\s\\\\#]|\\\\\\S)([^\\s\\\\]|\\\\\\S)*"));
  const int flag = sym++;
  tokens.push_back(pattern_token(flag, "flag", "--[a-z-]+(=[^\\s\\\\]*)?", "", 1));
  const int comment = sym++;
  tokens.push_back(pattern_token(comment, "comment", "#[^\\n]*"));
  const int nl = sym++;
  tokens.push_back(pattern_token(nl, "_newline", "\\r?\\n"));
  LexerBuilder b(tokens, {kSpaces, kContinuation});
  std::vector<int> all;
  for (int i = 1; i < sym; ++i) all.push_back(i);
  const auto s = b.lex_state_for(all, true, true);
  CompiledLexer lx(b);
  std::string text;
  while (text.size() < (8u << 20)) {
    text += "FROM debian:bookworm AS build\n# a comment line with words\nRUN --mount=type=cache apt-get update && \\\n"
            "    apt-get install -y --no-install-recommends ca-certificates curl git \\\n    && rm -rf /var/lib/apt/lists/*\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  const long count = lx.lex_all(s, text);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double mbps = static_cast<double>(text.size()) / secs / 1e6;
  WARN("lexed " << text.size() << " bytes into " << count << " tokens: " << mbps << " MB/s, " << b.dfa_state_count()
                << " DFA states");
  CHECK(mbps > 20);
}
