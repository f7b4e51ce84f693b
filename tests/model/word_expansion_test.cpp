// Unit tests of expand_word beyond the shared fixtures: pattern operators, the backtick escape,
// the variables it reports and where errors are.
#include "model/word_expansion.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "model_test_support.h"

namespace whalesafe::model {
namespace {

using testing::annotated;
using testing::ByteRange;

using Env = std::map<std::string, std::string, std::less<>>;

WordExpansion expand(std::string_view text, const Env& env, char escape = '\\') {
  return expand_word(
      text,
      [&env](std::string_view name) -> std::optional<std::string_view> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
      },
      escape);
}

std::string value_of(std::string_view text, const Env& env) {
  const WordExpansion r = expand(text, env);
  INFO(text << " -> error: " << (r.error ? r.error->message : "none"));
  REQUIRE(r.ok());
  return r.value;
}

TEST_CASE("pattern operators behave as in BuildKit", "[unit][expansion]") {
  // Expected values follow BuildKit's documented behaviour for these operators.
  CHECK(value_of("${FOO#*x*y}", {{"FOO", "xxyy"}}) == "y");
  CHECK(value_of("${FOO#*}", {{"FOO", "xxyy"}}) == "xxyy");  // shortest: the empty prefix
  CHECK(value_of("${FOO##*x}", {{"FOO", "xxyy"}}) == "yy");
  CHECK(value_of("${FOO##}", {{"FOO", "xxyy"}}) == "xxyy");
  CHECK(value_of("${FOO#$BAR}", {{"FOO", "xxyy"}, {"BAR", "x"}}) == "xyy");
  CHECK(value_of("${FOO#?\\?}", {{"FOO", "???y"}}) == "?y");
  CHECK(value_of("${FOO%%\\**}", {{"FOO", "xx**"}}) == "xx");
  CHECK(value_of("${FOO%%\\**\\*}", {{"FOO", "a***yy*"}}) == "a");
  CHECK(value_of("${FOO%y}", {{"FOO", "xxyy"}}) == "xxy");
  CHECK(value_of("${FOO%%y*}", {{"FOO", "xxyy"}}) == "xx");
  CHECK(value_of("${FOO%y*}", {{"FOO", "xxyy"}}) == "xxy");
  CHECK(value_of("${ABC:-.}${FOO%x}${ABC:-.}", {{"FOO", "xxyy"}}) == ".xxyy.");
  // Regex metacharacters are literal; `\}` keeps the brace inside the pattern.
  CHECK(value_of("${FOO#()[]{\\}^$.\\*\\?|\\\\}", {{"FOO", "()[]{}^$.*?|\\x"}}) == "x");
  CHECK(value_of("${FOO/$N/.} - ${FOO//$N/.}", {{"FOO", "/foo*/*/*.txt"}, {"N", "\\*/"}}) ==
        "/foo.*/*.txt - /foo..*.txt");
  CHECK(value_of("${FOO/$N/} - ${FOO//$N/}", {{"FOO", "/tmp/tmp/bar.txt"}, {"N", "/tmp"}}) ==
        "/tmp/bar.txt - /bar.txt");
  CHECK(value_of("${FOO/$N/$R} - ${FOO//$N/$R}",
                 {{"FOO", "/a/foo/b/c.txt"}, {"N", "/?/"}, {"R", "/"}}) ==
        "/foo/b/c.txt - /foo/c.txt");
  CHECK(value_of("${FOO//\\//\\/}", {{"FOO", "/tmp/foo.txt"}}) == "\\/tmp\\/foo.txt");
  CHECK(value_of("${FOO/$BAR/ww}", {{"FOO", "xxyy"}, {"BAR", ""}}) == "wwxxyy");
  CHECK(value_of("${FOO///}", {{"FOO", "xxyy"}}) == "xxyy");
  CHECK(value_of("${FOO///}", {}) == "");
  // `//` with an empty-matching pattern replaces between characters, once per position.
  CHECK(value_of("${FOO//x*/-}", {{"FOO", "axbx"}}) == "a-");
  // `$0` in the replacement is first expanded as a (never set) special parameter; only an
  // escaped `\$0` reaches the Go template, where it is the matched text.
  CHECK(value_of("${FOO//?/<$0>}", {{"FOO", "ab"}}) == "<><>");
  CHECK(value_of("${FOO//?/\\$0}", {{"FOO", "ab"}}) == "\\a\\b");
  // `*` and `?` do not match a line feed, like Go's `.`.
  CHECK(value_of("${FOO#*b}", {{"FOO", "a\nb"}}) == "a\nb");
  // Non-ASCII values are matched by character, not by byte.
  CHECK(value_of("${FOO#?}", {{"FOO", "한국어"}}) == "국어");
  CHECK(value_of("${FOO%?}", {{"FOO", "한국어"}}) == "한국");
}

TEST_CASE("invalid substitutions are errors", "[unit][expansion]") {
  for (const char* text : {"${FOO//ww}", "${FOO//}", "${FOO=aaa}", "${FOO=:aaa}", "${FOO=}",
                           "${FOO#\\a}", "${BAZ?ccc}", "${BAR:?bbb}"}) {
    INFO(text);
    CHECK_FALSE(expand(text, {{"FOO", "xxyy"}, {"BAR", ""}}).ok());
  }
  CHECK(expand("${BAR?bbb}", {{"BAR", ""}}).ok());  // set but empty is fine without `:`
  CHECK(expand("${BAZ?custom message}", {}).error->message == "BAZ: custom message");
  CHECK(expand("${BAZ:?}", {}).error->message == "BAZ: is not allowed to be unset");
  CHECK(expand("${BAZ:?}", {{"BAZ", ""}}).error->message == "BAZ: is not allowed to be empty");
  CHECK(expand("${FOO#\\a}", {{"FOO", "x"}}).error->message ==
        "invalid pattern (\\a) in substitution: invalid escape '\\a'");
}

TEST_CASE("heredoc bodies keep their quotes", "[unit][expansion]") {
  const auto lookup = [](std::string_view name) -> std::optional<std::string_view> {
    if (name == "A") return "a";
    return std::nullopt;
  };
  const WordExpansion r = expand_word("\"$A\" '$A' \\$A \\\\\n", lookup, '\\', QuoteMode::kKeep);
  REQUIRE(r.ok());
  CHECK(r.value == "\"a\" 'a' $A \\\n");
  CHECK(r.uses.size() == 2);
  // An unbalanced quote is plain text too.
  CHECK(expand_word("it's", lookup, '\\', QuoteMode::kKeep).value == "it's");
}

TEST_CASE("the backtick escape character", "[unit][expansion]") {
  CHECK(expand("C:\\dir\\file", {}, '`').value == "C:\\dir\\file");
  CHECK(expand("a` b", {}, '`').words == std::vector<std::string>{"a b"});
  CHECK(expand("`$HOME", {{"HOME", "/root"}}, '`').value == "$HOME");
  CHECK(expand("\"`\"x\"", {}, '`').value == "\"x");
  CHECK(expand("\\$HOME", {{"HOME", "/root"}}, '`').value == "\\/root");
}

TEST_CASE("variable uses are reported with their ranges", "[unit][expansion]") {
  const auto src = annotated("x[[$A]]-[[${B:-[[$C]]}]]'$D'\"[[${E}]]\"[[$1]]");
  const WordExpansion r = expand(src.text, {{"A", "a"}, {"E", ""}});
  REQUIRE(r.ok());
  CHECK(r.value == "xa-$D");
  REQUIRE(r.uses.size() == 5);
  const std::vector<std::string> names{"A", "B", "C", "E", "1"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO(names[i]);
    CHECK(r.uses[i].name == names[i]);
  }
  // Ranges: A, B (the whole ${...}), C, E, $1.
  CHECK(ByteRange{uint32_t(r.uses[0].start), uint32_t(r.uses[0].end)} == src.ranges[0]);
  CHECK(ByteRange{uint32_t(r.uses[1].start), uint32_t(r.uses[1].end)} == src.ranges[1]);
  CHECK(ByteRange{uint32_t(r.uses[2].start), uint32_t(r.uses[2].end)} == src.ranges[2]);
  CHECK(ByteRange{uint32_t(r.uses[3].start), uint32_t(r.uses[3].end)} == src.ranges[3]);
  CHECK(ByteRange{uint32_t(r.uses[4].start), uint32_t(r.uses[4].end)} == src.ranges[4]);
  CHECK(r.uses[0].defined);
  CHECK_FALSE(r.uses[1].defined);
  CHECK(r.uses[1].op == ExpansionOperator::kDefault);
  CHECK(r.uses[1].colon);
  CHECK(r.uses[1].has_fallback());
  CHECK_FALSE(r.uses[2].defined);
  CHECK_FALSE(r.uses[2].has_fallback());
  CHECK(r.uses[3].defined);  // set to "" counts as defined
  CHECK(r.uses[4].is_special_parameter());
  CHECK_FALSE(r.uses[0].is_special_parameter());
}

TEST_CASE("errors carry the range of the offending construct", "[unit][expansion]") {
  struct Case {
    const char* marked;
    const char* message;
  };
  for (const Case& c : {
           Case{"ab[['cd]]", "unexpected end of statement while looking for matching single-quote"},
           Case{"ab[[\"c$X]]",
                "unexpected end of statement while looking for matching double-quote"},
           Case{"a[[${X:-b]]", "syntax error: missing '}'"},
           Case{"a[[${}]]b", "syntax error: bad substitution"},
           Case{"a[[${X:=b}]]c", "unsupported modifier (:=) in substitution"},
           Case{"a[[${X?}]]c", "X: is not allowed to be unset"},
           Case{"a[[${X/b]]", "syntax error: missing '/' in ${}"},
       }) {
    const auto src = annotated(c.marked);
    INFO(c.marked);
    const WordExpansion r = expand(src.text, {});
    REQUIRE(r.error);
    CHECK(r.error->message == c.message);
    CHECK(ByteRange{uint32_t(r.error->start), uint32_t(r.error->end)} == src.ranges.at(0));
    CHECK(r.value.empty());
  }
}

TEST_CASE("variable names are Unicode letters and digits", "[unit][expansion]") {
  // BuildKit reads names with Go's unicode.IsLetter/IsDigit.
  CHECK(value_of("$naïve-x", {{"naïve", "ok"}}) == "ok-x");
  CHECK(value_of("${größe}", {{"größe", "XL"}}) == "XL");
  CHECK(value_of("$변수.", {{"변수", "v"}}) == "v.");
  // A leading digit (here ARABIC-INDIC DIGIT THREE) reads digits only: a positional parameter.
  const WordExpansion r = expand("$\u0663x", {});
  REQUIRE(r.uses.size() == 1);
  CHECK(r.uses[0].name == "\u0663");
  CHECK(r.value == "x");
}

TEST_CASE("random words never crash and report ranges inside the text", "[unit][expansion]") {
  const char* seed_env = std::getenv("WHALESAFE_FUZZ_SEED");
  const unsigned seed = seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 7u;
  std::mt19937 rng(seed);
  static constexpr std::string_view kPieces[] = {
      "$", "{", "}", ":", "-", "+", "?", "#",    "%",    "/",    "'",  "\"",  "\\",    "`",
      " ", "A", "B", "1", "@", "*", "x", "\xC3", "\xA9", "\xFF", "\n", "${A", "${B:-", "${A#"};
  std::uniform_int_distribution<std::size_t> len(0, 12);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  const Env env{{"A", "a*b"}, {"B", ""}};
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = len(rng); n > 0; --n) text += kPieces[pick(rng)];
    for (const char escape : {'\\', '`'}) {
      INFO("seed " << seed << " text '" << text << "' escape " << escape);
      const WordExpansion r = expand(text, env, escape);
      for (const VariableUse& u : r.uses) {
        CHECK(u.start < u.end);
        CHECK(u.end <= text.size());
        CHECK(text[u.start] == '$');
      }
      if (r.error) {
        CHECK(r.error->start <= r.error->end);
        CHECK(r.error->end <= text.size());
        CHECK(r.value.empty());
        CHECK(r.words.empty());
      }
    }
  }
}

}  // namespace
TEST_CASE("the shortcut for plain texts gives what the lexer gives", "[unit][expansion]") {
  // Texts drawn from an alphabet that includes every character the shortcut must refuse
  // ($, quotes, both escape characters, bytes >= 0x80, a BOM) and all the ASCII white space,
  // so that some take the shortcut and some do not; both paths must agree on each.
  static constexpr std::string_view kAlphabet[] = {"a",
                                                   "Z",
                                                   "0",
                                                   "/",
                                                   "-",
                                                   "_",
                                                   ".",
                                                   ":",
                                                   "=",
                                                   "@",
                                                   "{",
                                                   "}",
                                                   " ",
                                                   "\t",
                                                   "\n",
                                                   "\v",
                                                   "\f",
                                                   "\r",
                                                   std::string_view("\0", 1),
                                                   "\x01",
                                                   "$",
                                                   "'",
                                                   "\"",
                                                   "\\",
                                                   "`",
                                                   "\xC3\xA9",
                                                   "\xC2\xA0",
                                                   "\xFF",
                                                   "\xEF\xBB\xBF"};
  const VariableLookup lookup = [](std::string_view name) -> std::optional<std::string_view> {
    if (name == "A") return std::string_view("x y");
    return std::nullopt;
  };
  std::mt19937 rng(20261124);
  std::size_t plain = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = static_cast<int>(rng() % 12);
    for (int k = 0; k < length; ++k) text += kAlphabet[rng() % std::size(kAlphabet)];
    const char escape = rng() % 2 == 0 ? '\\' : '`';
    const QuoteMode quotes = rng() % 2 == 0 ? QuoteMode::kProcess : QuoteMode::kKeep;
    const WordExpansion fast = expand_word(text, lookup, escape, quotes);
    const WordExpansion slow = expand_word_by_lexer(text, lookup, escape, quotes);
    INFO("text: '" << text << "', escape " << escape);
    REQUIRE(fast.ok() == slow.ok());
    REQUIRE(fast.value == slow.value);
    REQUIRE(fast.words == slow.words);
    REQUIRE(fast.uses.size() == slow.uses.size());
    plain += text.find_first_of("$'\"\\`\x80\xC3\xC2\xFF\xEF") == std::string::npos;
  }
  CHECK(plain > 1000);  // the shortcut was taken often enough to be tested
}

}  // namespace whalesafe::model
