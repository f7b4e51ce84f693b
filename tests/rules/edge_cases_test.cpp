// Cases the fixtures cannot express (a different escape character, a lower-case majority) and
// robustness: every rule over every prefix of every fixture, where the parser sees broken code.
#include <catch2/catch.hpp>
#include <filesystem>

#include "rules/runner.h"
#include "support.h"
#include "syntax/document.h"

namespace testing = whalesafe::testing;

TEST_CASE("legacy-env-format escapes blanks with the file's escape character", "[edge]") {
  const std::string fixed =
      testing::fix_for_rule("# escape=`\nFROM alpine:3.20\nENV A \"x y\" z\n", "legacy-env-format");
  CHECK(fixed == "# escape=`\nFROM alpine:3.20\nENV A=\"x y\"` z\n");
  // Single quotes keep their content literal, blanks included.
  CHECK(testing::fix_for_rule("FROM alpine:3.20\nENV B 'a b' c\n", "legacy-env-format") ==
        "FROM alpine:3.20\nENV B='a b'\\ c\n");
}

TEST_CASE("instruction-casing follows a lower-case majority", "[edge]") {
  const std::string fixed = testing::fix_for_rule(
      "from alpine:3.20 AS build\nrun true\nrun false\nCOPY a /b\n", "instruction-casing");
  CHECK(fixed == "from alpine:3.20 as build\nrun true\nrun false\ncopy a /b\n");
}

TEST_CASE("json-args-recommended offers no fix for a bare exec", "[edge]") {
  const auto ds = testing::check_for_rule("FROM alpine:3.20\nCMD exec\n", "json-args-recommended");
  REQUIRE(ds.size() == 1);
  CHECK_FALSE(ds[0].fix.has_value());
}

TEST_CASE("every rule survives every prefix of every fixture", "[edge]") {
  const auto selection = whalesafe::rules::RuleSelection::all();
  // Not the shellcheck program on every prefix (a run each): shellcheck_test.cpp covers it.
  whalesafe::rules::RuleSettings settings;
  settings.shellcheck = false;
  std::size_t runs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(WHALESAFE_FIXTURE_DIR)) {
    const std::optional<std::string> text = testing::read_file(entry.path().string());
    REQUIRE(text.has_value());
    for (std::size_t n = 0; n <= text->size(); n += 1) {
      const std::string prefix = text->substr(0, n);
      const whalesafe::syntax::Document doc(prefix);
      const auto ds = whalesafe::rules::check_document(doc, selection, settings);
      ++runs;
      for (const auto& d : ds) {
        INFO(entry.path().filename().string() << " prefix " << n << ": " << d.rule);
        REQUIRE(d.start_byte <= d.end_byte);
        REQUIRE(d.end_byte <= prefix.size());
        if (d.fix) {
          for (const auto& e : d.fix->edits) REQUIRE(e.end_byte <= prefix.size());
        }
      }
    }
  }
  CHECK(runs > 1000);
}
