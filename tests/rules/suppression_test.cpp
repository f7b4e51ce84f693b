// Inline suppressions: hadolint's and ours, BuildKit's check=skip, scopes, and the findings
// about suppressions themselves (unknown names, unused suppressions).
#include <algorithm>
#include <catch2/catch.hpp>

#include "rules/registry.h"
#include "support.h"
#include "syntax/document.h"

namespace {

using whalesafe::findings::Diagnostic;
namespace testing = whalesafe::testing;

std::size_t count(const std::vector<Diagnostic>& ds, std::string_view rule) {
  return static_cast<std::size_t>(
      std::count_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.rule == rule; }));
}

}  // namespace

TEST_CASE("hadolint ignore suppresses the next instruction through aliases", "[suppress]") {
  const auto ds = testing::check_defaults(
      "# hadolint ignore=DL3006\n"
      "FROM ubuntu\n"
      "FROM debian\n");
  CHECK(count(ds, "base-image-untagged") == 1);  // debian only
  CHECK(count(ds, "suppression-unused") == 0);
  CHECK(count(ds, "suppression-unknown-rule") == 0);
}

TEST_CASE("suppressions skip comments between them and the instruction", "[suppress]") {
  const auto ds = testing::check_defaults(
      "# whalesafe ignore=base-image-untagged reason: pinned by CI\n"
      "# another comment\n"
      "FROM ubuntu\n");
  CHECK(count(ds, "base-image-untagged") == 0);
  CHECK(count(ds, "suppression-unused") == 0);
}

TEST_CASE("global suppressions cover the whole file", "[suppress]") {
  for (const char* pragma :
       {"# hadolint global ignore=DL3006\n", "# whalesafe global ignore=base-image-untagged\n"}) {
    INFO(pragma);
    const auto ds =
        testing::check_defaults(std::string("FROM ubuntu\n") + pragma + "FROM debian\n");
    CHECK(count(ds, "base-image-untagged") == 0);
    CHECK(count(ds, "suppression-unused") == 0);
  }
}

TEST_CASE("stage suppressions cover their stage only", "[suppress]") {
  const auto ds = testing::check_defaults(
      "FROM ubuntu AS a\n"
      "# whalesafe stage ignore=workdir-relative\n"
      "WORKDIR x\n"
      "WORKDIR y\n"
      "FROM ubuntu:24.04\n"
      "WORKDIR z\n");
  const auto it = std::find_if(ds.begin(), ds.end(),
                               [](const Diagnostic& d) { return d.rule == "workdir-relative"; });
  REQUIRE(count(ds, "workdir-relative") == 1);
  CHECK(it->start_byte ==
        std::string("FROM ubuntu AS a\n# whalesafe stage ignore=workdir-relative\n"
                    "WORKDIR x\nWORKDIR y\nFROM ubuntu:24.04\nWORKDIR ")
            .size());
  // The stage's own FROM comes before the comment and is not covered.
  CHECK(count(ds, "base-image-untagged") == 1);
}

TEST_CASE("BuildKit check=skip skips through BuildKit names, and 'all'", "[suppress]") {
  auto ds = testing::check_defaults(
      "# check=skip=JSONArgsRecommended;error=true\n"
      "FROM alpine:3.20\n"
      "CMD run me\n");
  CHECK(count(ds, "json-args-recommended") == 0);
  CHECK(count(ds, "suppression-unused") == 0);
  ds = testing::check_defaults("# check=skip=all\nFROM alpine\nCMD run me\n");
  CHECK(count(ds, "json-args-recommended") == 0);
  CHECK(count(ds, "base-image-untagged") == 0);
  // Only in the directive zone: after an instruction it is an ordinary comment.
  ds = testing::check_defaults("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nCMD x\n");
  CHECK(count(ds, "json-args-recommended") == 1);
}

TEST_CASE("unknown names are reported, other tools' IDs are not", "[suppress]") {
  const std::string text =
      "FROM alpine:3.20\n"
      "# hadolint ignore=DS003,DL9999,SC2086\n"
      "RUN true\n"
      "# whalesafe ignore=no-such-rule\n"
      "RUN true\n";
  const auto ds = testing::check_defaults(text);
  REQUIRE(count(ds, "suppression-unknown-rule") == 2);
  std::vector<std::string> names;
  for (const Diagnostic& d : ds) {
    if (d.rule == "suppression-unknown-rule") {
      names.push_back(text.substr(d.start_byte, d.end_byte - d.start_byte));
    }
  }
  CHECK(names == std::vector<std::string>{"DL9999", "no-such-rule"});
}

TEST_CASE("unused suppressions are reported and removed by the fix", "[suppress]") {
  const std::string text =
      "FROM alpine:3.20\n"
      "# whalesafe ignore=base-image-latest,workdir-relative\n"
      "WORKDIR app\n"
      "# hadolint ignore=DL3007\n"
      "RUN true\n";
  const auto ds = testing::check_defaults(text);
  REQUIRE(count(ds, "suppression-unused") == 2);
  CHECK(count(ds, "workdir-relative") == 0);
  const std::string fixed = testing::fix_for_rule(text, "suppression-unused");
  CHECK(fixed ==
        "FROM alpine:3.20\n"
        "# whalesafe ignore=workdir-relative\n"
        "WORKDIR app\n"
        "RUN true\n");
}

TEST_CASE("a suppression of a rule that did not run is not called unused", "[suppress]") {
  const whalesafe::syntax::Document doc(
      "FROM alpine:3.20\n# whalesafe ignore=base-image-latest\nRUN true\n");
  const auto selection =
      whalesafe::rules::RuleSelection::only({whalesafe::rules::find_rule("suppression-unused")});
  const auto ds = whalesafe::rules::check_document(doc, selection, {});
  CHECK(ds.empty());
}

TEST_CASE("suppression findings can be suppressed themselves", "[suppress]") {
  const auto ds = testing::check_defaults(
      "# whalesafe global ignore=suppression-unused\n"
      "FROM alpine:3.20\n"
      "# whalesafe ignore=base-image-latest\n"
      "RUN true\n");
  CHECK(count(ds, "suppression-unused") == 0);
}

TEST_CASE("inline-suppression reports pragmas without changing what they suppress", "[suppress]") {
  const std::string text =
      "FROM alpine:3.20\n"
      "# hadolint ignore=DL3018\n"
      "RUN apk add --no-cache curl\n";
  const whalesafe::syntax::Document doc(text);
  const auto all = whalesafe::rules::check_document(doc, whalesafe::rules::RuleSelection::all(),
                                                    testing::test_settings());
  CHECK(count(all, "inline-suppression") == 1);
  CHECK(count(all, "package-unpinned") == 0);  // still suppressed
  CHECK(count(all, "suppression-unused") == 0);
  // A file-wide pragma turns the rule off like any other.
  const whalesafe::syntax::Document allowed("# whalesafe global ignore=inline-suppression\n" +
                                            text);
  const auto quiet = whalesafe::rules::check_document(
      allowed, whalesafe::rules::RuleSelection::all(), testing::test_settings());
  CHECK(count(quiet, "inline-suppression") == 0);
  CHECK(count(quiet, "package-unpinned") == 0);
  CHECK(count(quiet, "suppression-unused") == 0);
}
