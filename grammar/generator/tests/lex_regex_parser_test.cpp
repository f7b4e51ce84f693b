// Unit tests of the JS regex dialect (regex_parser) and the NFA, without compiling C.
#include <catch2/catch.hpp>

#include <string>

#include "grammar_error.h"
#include "lex_utf8.h"
#include "nfa.h"
#include "regex_parser.h"

using tsgen::CharSet;
using tsgen::GrammarError;
using tsgen::Nfa;

namespace {

struct Matcher {
  Nfa nfa;
  int start;
  Matcher(const std::string& regex, const std::string& flags = "")
      : start(nfa.add_token(tsgen::parse_js_regex(regex, flags), 0)) {}
  bool operator()(const std::string& utf8) const { return nfa.matches(start, *tsgen::decode_utf8(utf8)); }
  bool cps(const std::vector<int32_t>& text) const { return nfa.matches(start, text); }
};

}  // namespace

TEST_CASE("regex: literals, classes and escapes", "[lex][regex]") {
  CHECK(Matcher("abc")("abc"));
  CHECK_FALSE(Matcher("abc")("abd"));
  CHECK(Matcher("a\\.b")("a.b"));
  CHECK_FALSE(Matcher("a\\.b")("axb"));
  CHECK(Matcher("a.b")("axb"));
  CHECK_FALSE(Matcher("a.b")("a\nb"));
  CHECK(Matcher("a.b", "s")("a\nb"));
  CHECK(Matcher("\\/\\-\\[\\]\\\\\\{\\}\\(\\)\\*\\+\\?\\|\\^\\$")("/-[]\\{}()*+?|^$"));
  CHECK(Matcher("\\n\\r\\t\\f\\v")("\n\r\t\f\v"));
  CHECK(Matcher("\\x41\\u0042\\u{43}\\cJ")("ABC\n"));
  CHECK(Matcher("\\u{1F600}")("\xF0\x9F\x98\x80"));
  CHECK(Matcher("\\uD83D\\uDE00")("\xF0\x9F\x98\x80"));  // surrogate pair escape = one code point
  CHECK(Matcher("[a-c_]+")("abc_cba"));
  CHECK_FALSE(Matcher("[a-c_]+")("abcd"));
  CHECK(Matcher("[^a-c]")("d"));
  CHECK_FALSE(Matcher("[^a-c]")("b"));
  CHECK(Matcher("[-a]+")("-a-"));
  CHECK(Matcher("[a-]+")("-a-"));
  CHECK(Matcher("[\\]\\-\\\\]+")("]-\\"));
  CHECK(Matcher("[\\d\\s]+")("1 2\t3"));
  CHECK(Matcher("[\\b]")("\b"));
  CHECK(Matcher("\\d\\D\\w\\W\\s\\S")("1a_ \tx"));
  CHECK_FALSE(Matcher("\\w")("-"));
  CHECK(Matcher("\\s")("\xC2\xA0"));  // U+00A0
  CHECK(Matcher("[^]")("\n"));
  CHECK_FALSE(Matcher("x[]")("x"));
  CHECK(Matcher("é+")("ééé"));
  CHECK(Matcher("[à-ö]")("é"));
  CHECK(Matcher("a{")("a{"));  // a lone '{' is a literal
  CHECK(Matcher("a}]")("a}]"));
}

TEST_CASE("regex: groups, alternation, quantifiers", "[lex][regex]") {
  CHECK(Matcher("(ab|cd)+")("abcdab"));
  CHECK_FALSE(Matcher("(ab|cd)+")("abc"));
  CHECK(Matcher("(?:ab)?c")("c"));
  CHECK(Matcher("(?:ab)?c")("abc"));
  CHECK(Matcher("(?<name>x)y")("xy"));
  CHECK(Matcher("a|")(""));
  CHECK(Matcher("a{3}")("aaa"));
  CHECK_FALSE(Matcher("a{3}")("aa"));
  CHECK_FALSE(Matcher("a{3}")("aaaa"));
  CHECK(Matcher("a{2,}")("aaaaa"));
  CHECK_FALSE(Matcher("a{2,}")("a"));
  Matcher m("a{1,3}b");
  CHECK_FALSE(m("b"));
  CHECK(m("ab"));
  CHECK(m("aaab"));
  CHECK_FALSE(m("aaaab"));
  CHECK(Matcher("a{0}b")("b"));
  CHECK(Matcher("x*")(""));
  CHECK(Matcher("((a|b)*c)+")("abcbbc"));
}

TEST_CASE("regex: case-insensitive flag", "[lex][regex]") {
  Matcher from("from", "i");
  CHECK(from("FROM"));
  CHECK(from("FrOm"));
  CHECK_FALSE(from("FRAM"));
  CHECK(Matcher("[a-c]+", "i")("AbC"));
  CHECK_FALSE(Matcher("[^a]", "i")("A"));
  CHECK(Matcher("é", "i")("É"));
  CHECK(Matcher("ж", "i")("Ж"));
  CHECK_FALSE(Matcher("from")("FROM"));
}

TEST_CASE("regex: negated classes include invalid bytes (-1) but never U+0000", "[lex][regex]") {
  CHECK(Matcher("[^\\n]").cps({-1}));
  CHECK(Matcher(".").cps({-1}));
  CHECK(Matcher("\\S").cps({-1}));
  CHECK_FALSE(Matcher("[a-z]").cps({-1}));
  CHECK_FALSE(Matcher("[^\\n]").cps({0}));
  CHECK_FALSE(Matcher(".").cps({0}));
  CHECK_FALSE(Matcher("[\\0-\\x1f]").cps({0}));
  CHECK(Matcher("[\\0-\\x1f]").cps({1}));
}

TEST_CASE("regex: unsupported constructs are GrammarErrors naming the construct", "[lex][regex]") {
  auto contains = [](const std::string& re, const std::string& what) {
    INFO("regex /" << re << "/");
    CHECK_THROWS_WITH(tsgen::parse_js_regex(re, ""), Catch::Contains(what));
  };
  contains("^a", "anchor '^'");
  contains("a$", "anchor '$'");
  contains("\\bword", "word boundary");
  contains("\\Bx", "word boundary");
  contains("(a)\\1", "backreference");
  contains("(?<n>a)\\k<n>", "named backreference");
  contains("a(?=b)", "lookahead");
  contains("a(?!b)", "negative lookahead");
  contains("(?<=a)b", "lookbehind");
  contains("(?<!a)b", "negative lookbehind");
  contains("a*?", "lazy quantifier");
  contains("a{1,2}?", "lazy quantifier");
  contains("\\p{L}", "Unicode property");
  contains("\\012", "octal");
  contains("\\q", "unknown escape");
  contains("(a", "missing ')'");
  contains("a)", "unmatched ')'");
  contains("[a", "missing ']'");
  contains("*a", "nothing to repeat");
  contains("a**", "nothing to repeat");
  contains("[z-a]", "out of order");
  contains("[\\d-z]", "range endpoint");
  contains("a{3,1}", "out of order");
  contains("a\\", "backslash");
  contains("\\xZZ", "hexadecimal");
  CHECK_THROWS_WITH(tsgen::parse_js_regex("a", "g"), Catch::Contains("flag 'g'"));
  CHECK_THROWS_WITH(tsgen::parse_js_regex("a", "m"), Catch::Contains("flag 'm'"));
  CHECK_THROWS_AS(tsgen::parse_js_regex("a{5000}", ""), GrammarError);
  CHECK_NOTHROW(tsgen::parse_js_regex("a", "iu"));
}

TEST_CASE("lex rules: strings, sequences, choices, repeats", "[lex][regex]") {
  using tsgen::LexRule;
  Nfa nfa;
  const int s = nfa.add_token(
      tsgen::lex_rule_to_regex(LexRule::seq({LexRule::string("x="), LexRule::repeat1(LexRule::choice(
                                                                       {LexRule::pattern("[0-9]"), LexRule::string("_")}))})),
      0);
  CHECK(nfa.matches(s, *tsgen::decode_utf8("x=1_2")));
  CHECK_FALSE(nfa.matches(s, *tsgen::decode_utf8("x=")));
  CHECK(nfa.first_chars(s) == CharSet::single('x'));
  const int e = nfa.add_token(tsgen::lex_rule_to_regex(LexRule::repeat(LexRule::string("ab"))), 1);
  CHECK(nfa.accepts_empty(e));
  CHECK_THROWS_AS(tsgen::lex_rule_to_regex(LexRule::string("\xff")), GrammarError);
}

TEST_CASE("charset operations", "[lex][regex]") {
  CharSet a = CharSet::range('a', 'f');
  a.add_range('h', 'k');
  a.add('g');
  REQUIRE(a.ranges().size() == 1);
  CHECK(a.ranges()[0].lo == 'a');
  CHECK(a.ranges()[0].hi == 'k');
  const CharSet c = a.complement();
  CHECK(c.contains(-1));
  CHECK(c.contains(0));
  CHECK_FALSE(c.contains('c'));
  CHECK(c.contains(tsgen::kMaxCodePoint));
  CHECK((c | a) == CharSet::all());
  CHECK((c & a).empty());
  CHECK((a - CharSet::single('c')).ranges().size() == 2);
  CHECK(CharSet::range('a', 'b').case_folded() == (CharSet::range('a', 'b') | CharSet::range('A', 'B')));
}
