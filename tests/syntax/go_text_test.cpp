// Go-compatible primitives: strconv.Quote, unicode.IsSpace, TrimSpace, JSON arrays.
#include "syntax/go_text.h"

#include <catch2/catch.hpp>

#include "syntax/go_json.h"

namespace whalesafe::syntax::go {
namespace {

TEST_CASE("quote follows strconv.Quote", "[go]") {
  CHECK(quote("") == R"("")");
  CHECK(quote("abc 123") == R"("abc 123")");
  CHECK(quote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(quote("\a\b\f\n\r\t\v") == R"("\a\b\f\n\r\t\v")");
  CHECK(quote(std::string("\x00\x01\x1f\x7f", 4)) == R"("\x00\x01\x1f\x7f")");
  CHECK(quote("\u2665\u2603") == "\"\u2665\u2603\"");   // printable: kept
  CHECK(quote("\xff") == R"("\xff")");                  // invalid UTF-8
  CHECK(quote("\xe2\x99") == R"("\xe2\x99")");          // truncated sequence
  CHECK(quote("\xed\xa0\x80") == R"("\xed\xa0\x80")");  // encoded surrogate
  CHECK(quote("\u00a0") == R"("\u00a0")");              // no-break space is not printable
  CHECK(quote("\u200b") == R"("\u200b")");              // format character
  CHECK(quote("\U000E0001") == R"("\U000e0001")");      // tag character (Cf)
  CHECK(quote("\U0001F600") == "\"\U0001F600\"");       // emoji: printable
  CHECK(quote("\uFFFD") == "\"\uFFFD\"");               // a real U+FFFD stays
}

TEST_CASE("quote_list matches %q of a []string", "[go]") {
  CHECK(quote_list({"--user=me", "--doit=true"}) == R"(["--user=me" "--doit=true"])");
  CHECK(quote_list({}) == "[]");
}

TEST_CASE("space trimming is Unicode-aware", "[go]") {
  CHECK(trim_space(" \t\v\f\r\n x y \u00a0\u3000") == "x y");
  CHECK(trim_space("\xff ") == "\xff");
  CHECK(trim_left_space("\u0085a") == "a");
  CHECK(is_space(0x2028));
  CHECK_FALSE(is_space(0x200B));
}

TEST_CASE("split_ascii_whitespace is regexp [\\t\\v\\f\\r ]+ Split", "[go]") {
  using V = std::vector<std::string>;
  CHECK(split_ascii_whitespace("a  b\tc") == V{"a", "b", "c"});
  CHECK(split_ascii_whitespace("a  b\tc", 2) == V{"a", "b\tc"});
  CHECK(split_ascii_whitespace("a") == V{"a"});
  CHECK(split_ascii_whitespace("") == V{""});
  CHECK(split_ascii_whitespace("a\u00a0b") == V{"a\u00a0b"});
}

TEST_CASE("JSON string arrays as Go's encoding/json reads them", "[go][json]") {
  auto strings = [](std::string_view text) {
    JsonArrayResult r = parse_json_string_array(text);
    REQUIRE(r.status == JsonArrayStatus::kStrings);
    return r.strings;
  };
  using V = std::vector<std::string>;
  CHECK(strings("[]") == V{});
  CHECK(strings("[ \"a\" ,\t\"b\" ]") == V{"a", "b"});
  CHECK(strings(R"(["\" \\ \/ \b \f \n \r \t \u0000"])") ==
        V{std::string("\" \\ / \b \f \n \r \t \0", 17)});
  CHECK(strings(R"(["\ud83d\ude00"])") == V{"\U0001F600"});
  CHECK(strings(R"(["\ud83d"])") == V{"\uFFFD"});
  CHECK(strings("[\"\xff\"]") == V{"\uFFFD"});
  CHECK(strings("  [\"a\"]") == V{"a"});

  CHECK(parse_json_string_array(R"([ "echo", [ "nested json" ] ])").status ==
        JsonArrayStatus::kNotStrings);
  CHECK(parse_json_string_array(R"([1])").status == JsonArrayStatus::kNotStrings);
  CHECK(parse_json_string_array(R"([null, "a"])").status == JsonArrayStatus::kNotStrings);
  CHECK(parse_json_string_array(R"([{"a": [true, -1.5e3]}])").status ==
        JsonArrayStatus::kNotStrings);

  for (const char* invalid : {"", "[", "[\"a\"", "['a']", "[\"a\",]", "[\"a\"] x", "[01]",
                              "[\"\t\"]", "[\"\\x\"]", "{}", "\"a\"", "[\v]"}) {
    INFO(invalid);
    CHECK(parse_json_string_array(invalid).status == JsonArrayStatus::kInvalid);
  }
}

}  // namespace
}  // namespace whalesafe::syntax::go
