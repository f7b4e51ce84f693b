// Runs every rule's fixture (tests/rules/fixtures/<slug>.Dockerfile) and compares the findings
// with the expectations written in it, then its fixes with <slug>.Dockerfile.fixed. A rule may
// have more fixtures, for what one file cannot show (a rewrite of a whole file, the fix of a
// rule about the final stage on each base distribution): `<slug>.<case>.Dockerfile` next to
// it, or `<slug>/<case>.Dockerfile` in a folder of the rule's own. They get the same checks,
// except that a case without a `.fixed` twin states that no fix is offered.
#include "fixture.h"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "rules/registry.h"
#include "support.h"
#include "syntax/document.h"

namespace {

using whalesafe::findings::Applicability;
using whalesafe::findings::Diagnostic;
using whalesafe::rules::FixKind;
using whalesafe::rules::Rule;
namespace testing = whalesafe::testing;

std::string fixture_path(std::string_view slug) {
  return fmt::format("{}/{}.Dockerfile", WHALESAFE_FIXTURE_DIR, slug);
}

std::string describe(const testing::Expectation& e) {
  return fmt::format("{} {}:{}-{}:{} '{}' (expectation on line {})", e.rule, e.line, e.column,
                     e.end_line, e.end_column, e.message, e.written_on);
}

void check_fixture(const Rule& rule, const std::string& path, bool is_case) {
  const std::string slug(rule.info.slug);
  if (testing::skip_for_missing_program(slug)) {
    WARN("SKIPPED " << slug
                    << "'s fixture: its program is not on PATH (scripts/setup.sh "
                       "installs it; with CI=true this fails)");
    return;
  }
  const std::optional<std::string> text = testing::read_file(path);
  INFO("fixture " << path);
  REQUIRE(text.has_value());
  const testing::Fixture fixture = testing::parse_fixture(*text);
  for (const std::string& e : fixture.errors) FAIL_CHECK(e);
  CHECK(fixture.ok_markers >= 1);  // negative cases are required
  std::size_t mine = 0;
  for (const testing::Expectation& e : fixture.expectations) {
    INFO(describe(e));
    CHECK(e.rule == slug);  // a fixture is about its own rule
    mine += e.rule == slug;
  }
  CHECK(mine >= 1);

  const whalesafe::syntax::Document doc(*text);
  const std::vector<Diagnostic> actual = testing::check_for_rule(*text, slug);
  std::vector<bool> matched(actual.size(), false);
  for (const testing::Expectation& e : fixture.expectations) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i) {
      const auto start = doc.line_col(actual[i].start_byte);
      const auto end = doc.line_col(actual[i].end_byte);
      if (matched[i] || actual[i].rule != e.rule || start.line != e.line ||
          start.column != e.column || end.line != e.end_line || end.column != e.end_column ||
          actual[i].message.find(e.message) == std::string::npos) {
        continue;
      }
      matched[i] = found = true;
    }
    if (!found) FAIL_CHECK("expected but not reported: " << describe(e));
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (matched[i]) continue;
    const auto start = doc.line_col(actual[i].start_byte);
    const auto end = doc.line_col(actual[i].end_byte);
    FAIL_CHECK(fmt::format("reported but not expected: {} {}:{}-{}:{} '{}'", actual[i].rule,
                           start.line, start.column, end.line, end.column, actual[i].message));
  }

  // Fixes: what the rule says about them holds, and applying them gives the .fixed file.
  bool any_fix = false;
  for (const Diagnostic& d : actual) {
    if (!d.fix) continue;
    any_fix = true;
    CHECK(rule.info.fix != FixKind::kNone);
    if (rule.info.fix == FixKind::kSafe) CHECK(d.fix->applicability == Applicability::kSafe);
    if (rule.info.fix == FixKind::kUnsafe) CHECK(d.fix->applicability == Applicability::kUnsafe);
    CHECK_FALSE(d.fix->description.empty());
  }
  const std::optional<std::string> fixed = testing::read_file(path + ".fixed");
  if (rule.info.fix == FixKind::kNone) {
    CHECK_FALSE(fixed.has_value());
    return;
  }
  if (is_case && !fixed) {
    CHECK_FALSE(any_fix);  // a case without a twin: no fix is offered
    return;
  }
  CHECK(any_fix);  // a fixable rule shows its fix in the fixture
  REQUIRE(fixed.has_value());
  const std::string result = testing::fix_for_rule(*text, slug);
  CHECK(result == *fixed);
  // The fixed file parses without errors, and fixing it again changes nothing.
  CHECK(testing::check_for_rule(result, "syntax-error").empty());
  CHECK(testing::fix_for_rule(result, slug) == result);
  // Fixed code stays fixed: nothing fixable is reported on it.
  for (const Diagnostic& d : testing::check_for_rule(result, slug)) {
    INFO(d.message);
    CHECK_FALSE(d.fix.has_value());
  }
}

}  // namespace

TEST_CASE("every rule's fixture reports exactly what it states", "[fixtures]") {
  for (const Rule* rule : whalesafe::rules::all_rules()) {
    DYNAMIC_SECTION(rule->info.slug) {
      check_fixture(*rule, fixture_path(rule->info.slug), /*is_case=*/false);
    }
  }
}

TEST_CASE("every case fixture reports what it states and fixes as its twin shows", "[fixtures]") {
  std::vector<std::string> cases;
  for (const auto& entry : std::filesystem::directory_iterator(WHALESAFE_FIXTURE_DIR)) {
    const std::string name = entry.path().filename().string();
    const std::size_t dot = name.find('.');
    if (!name.ends_with(".Dockerfile") ||
        dot + std::string_view(".Dockerfile").size() == name.size()) {
      continue;  // `.fixed` twins and main fixtures
    }
    cases.push_back(name);
  }
  std::sort(cases.begin(), cases.end());
  for (const std::string& name : cases) {
    const Rule* rule = whalesafe::rules::find_rule(name.substr(0, name.find('.')));
    DYNAMIC_SECTION(name) {
      REQUIRE(rule != nullptr);
      check_fixture(*rule, std::string(WHALESAFE_FIXTURE_DIR) + "/" + name, /*is_case=*/true);
    }
  }
}

TEST_CASE("every case folder of a rule reports what it states and fixes as its twins show",
          "[fixtures]") {
  for (const Rule* rule : whalesafe::rules::all_rules()) {
    const std::filesystem::path dir =
        std::filesystem::path(WHALESAFE_FIXTURE_DIR) / std::string(rule->info.slug);
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::string> cases;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".Dockerfile")) cases.push_back(entry.path().string());
    }
    std::sort(cases.begin(), cases.end());
    for (const std::string& path : cases) {
      DYNAMIC_SECTION(path) { check_fixture(*rule, path, /*is_case=*/true); }
    }
  }
}

TEST_CASE("every fixture file belongs to a registered rule", "[fixtures]") {
  for (const auto& entry : std::filesystem::directory_iterator(WHALESAFE_FIXTURE_DIR)) {
    std::string name = entry.path().filename().string();
    INFO(name);
    if (entry.is_directory()) {  // a rule's case fixtures
      CHECK(whalesafe::rules::find_rule(name) != nullptr);
      for (const auto& file : std::filesystem::directory_iterator(entry.path())) {
        INFO(file.path().filename().string());
        const std::string f = file.path().filename().string();
        CHECK((f.ends_with(".Dockerfile") || f.ends_with(".Dockerfile.fixed")));
      }
      continue;
    }
    REQUIRE(name.find(".Dockerfile") != std::string::npos);
    // <slug>.Dockerfile, <slug>.<case>.Dockerfile and their .fixed twins
    CHECK(whalesafe::rules::find_rule(name.substr(0, name.find('.'))) != nullptr);
  }
}

TEST_CASE("the fixture syntax", "[fixtures]") {
  const testing::Fixture f = testing::parse_fixture(
      "FROM ubuntu\n"
      "#    ^^^^^^ base-image-untagged: no tag\n"
      "# ok: fine\n"
      "RUN a \\\n"
      "  b\n"
      "# expect: syntax-error 3-1:2\n"
      "# expect: multiple-cmd 1-5: x y\n"
      "# expect: broken\n");
  REQUIRE(f.expectations.size() == 3);
  CHECK(f.ok_markers == 1);
  CHECK(f.errors.size() == 1);
  const testing::Expectation& a = f.expectations[0];
  CHECK((a.rule == "base-image-untagged" && a.line == 1 && a.column == 6 && a.end_line == 1 &&
         a.end_column == 12 && a.message == "no tag"));
  const testing::Expectation& b = f.expectations[1];
  CHECK((b.rule == "syntax-error" && b.line == 5 && b.column == 3 && b.end_line == 6 &&
         b.end_column == 2 && b.message.empty()));
  const testing::Expectation& c = f.expectations[2];
  CHECK((c.line == 5 && c.end_line == 5 && c.end_column == 5 && c.message == "x y"));
}
