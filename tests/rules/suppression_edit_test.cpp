// suppression_fix: the edit an editor applies to ignore one finding.
#include "rules/suppression_edit.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "findings/apply_fixes.h"
#include "support.h"
#include "syntax/document.h"

namespace {

using whalesafe::findings::Diagnostic;
namespace testing = whalesafe::testing;

// Applies the suppression fix of the first `rule` finding of `text`.
std::string suppress_first(const std::string& text, std::string_view rule) {
  const whalesafe::syntax::Document doc(text);
  const auto ds = testing::check_defaults(text);
  const auto it =
      std::find_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.rule == rule; });
  REQUIRE(it != ds.end());
  const auto fix = whalesafe::rules::suppression_fix(doc, *it);
  REQUIRE(fix.has_value());
  Diagnostic carrier = *it;
  carrier.fix = fix;
  return whalesafe::findings::apply_fixes(text, {carrier}, false).text;
}

}  // namespace

TEST_CASE("suppression_fix adds a comment above the instruction", "[suppress-edit]") {
  const std::string text = "FROM alpine:3.20\n  WORKDIR app\n";
  const std::string fixed = suppress_first(text, "workdir-relative");
  CHECK(fixed == "FROM alpine:3.20\n  # whalesafe ignore=workdir-relative\n  WORKDIR app\n");
  const auto after = testing::check_defaults(fixed);
  CHECK(std::none_of(after.begin(), after.end(), [](const Diagnostic& d) {
    return d.rule == "workdir-relative" || d.rule.starts_with("suppression-");
  }));
}

TEST_CASE("suppression_fix merges into the instruction's existing comment", "[suppress-edit]") {
  const std::string text =
      "FROM alpine:3.20\n# whalesafe ignore=workdir-relative\nWORKDIR app\nEXPOSE 99999\n"
      "# whalesafe ignore=json-args-recommended reason\nCMD run me\nCMD [\"x\"]\n";
  const std::string fixed = suppress_first(text, "multiple-cmd");
  CHECK(fixed.find("# whalesafe ignore=json-args-recommended,multiple-cmd reason\n") !=
        std::string::npos);
  const auto after = testing::check_defaults(fixed);
  CHECK(std::none_of(after.begin(), after.end(), [](const Diagnostic& d) {
    return d.rule == "multiple-cmd" || d.rule == "json-args-recommended";
  }));
}

TEST_CASE("suppression_fix leaves findings outside instructions alone", "[suppress-edit]") {
  const std::string text = "FROM alpine:3.24\n# whalesafe ignore=no-such-rule\nRUN true\nUSER app\n";
  const whalesafe::syntax::Document doc(text);
  const auto ds = testing::check_defaults(text);
  REQUIRE(ds.size() == 1);
  CHECK_FALSE(whalesafe::rules::suppression_fix(doc, ds[0]).has_value());
}
