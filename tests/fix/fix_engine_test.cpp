// The fix engine's guarantees: fixes from different rules compose, fixing is repeated to a
// fixed point and fixing that again changes nothing, unsafe fixes only on request, files with
// syntax errors are left alone unless asked, and a fix that would make the file parse worse is
// dropped without costing the other rules' fixes.
#include "fixes/fix_engine.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "catalog/date.h"
#include "rules/registry.h"
#include "rules/rule_context.h"
#include "rules/runner.h"

using whalesafe::fixes::fix_text;
using whalesafe::fixes::FixOptions;
using whalesafe::fixes::FixOutcome;
using whalesafe::fixes::Refusal;
using whalesafe::rules::RuleSelection;
using whalesafe::rules::RuleSettings;

namespace {

FixOutcome fix(const std::string& text, FixOptions options = {}) {
  return fix_text(text, RuleSelection::defaults(), RuleSettings{}, options);
}

std::size_t count_rule(const FixOutcome& outcome, std::string_view rule) {
  std::size_t n = 0;
  for (const auto& f : outcome.applied) n += f.rule == rule;
  return n;
}

// A rule with a broken fix: it appends a FROM without an image (a syntax error).
void breaker_check(const whalesafe::rules::RuleContext& ctx, whalesafe::rules::Reporter& reporter) {
  const auto end = static_cast<uint32_t>(ctx.document().text().size());
  reporter.report(0, 4, "test finding",
                  whalesafe::findings::Fix{"Append a broken line",
                                           whalesafe::findings::Applicability::kSafe,
                                           {{end, end, "FROM\n"}}});
}

const whalesafe::rules::Rule kBreaker{{.slug = "test-breaker", .summary = "test"}, &breaker_check};

}  // namespace

TEST_CASE("fixes from several rules compose and reach a fixed point", "[fix-engine]") {
  const std::string text =
      "from alpine:3.24\nENV GREETING hello world\nRUN apk add curl\nEXPOSE 80/TCP\nUSER app\n";
  const FixOutcome first = fix(text);
  CHECK(first.refusal == Refusal::kNone);
  CHECK(first.converged);
  CHECK(first.text ==
        "FROM alpine:3.24\nENV GREETING=\"hello world\"\nRUN apk add --no-cache curl\n"
        "EXPOSE 80/tcp\nUSER app\n");
  CHECK(count_rule(first, "instruction-casing") == 1);
  CHECK(count_rule(first, "legacy-env-format") == 1);
  CHECK(count_rule(first, "apk-no-cache") == 1);
  CHECK(count_rule(first, "expose-proto-casing") == 1);
  const FixOutcome again = fix(first.text);
  CHECK(again.applied.empty());
  CHECK(again.text == first.text);
}

TEST_CASE("unsafe fixes only when asked for", "[fix-engine]") {
  const std::string text = "FROM alpine:3.24\nUSER app\nCMD python app.py\n";
  CHECK(fix(text).text == text);
  const FixOutcome unsafe = fix(text, FixOptions{.include_unsafe = true});
  CHECK(unsafe.text == "FROM alpine:3.24\nUSER app\nCMD [\"python\", \"app.py\"]\n");
  REQUIRE(unsafe.applied.size() == 1);
  CHECK(unsafe.applied[0].applicability == whalesafe::findings::Applicability::kUnsafe);
}

TEST_CASE("a file with syntax errors is not fixed unless asked", "[fix-engine]") {
  const std::string text = "from alpine:3.24\nUSER app\nRUN <<EOF\necho hi\n";
  const FixOutcome refused = fix(text);
  CHECK(refused.refusal == Refusal::kSyntaxErrors);
  CHECK(refused.refusal_detail.rfind("3:5: unterminated heredoc", 0) == 0);
  CHECK(refused.text == text);
  CHECK(refused.applied.empty());
  const FixOutcome forced = fix(text, FixOptions{.fix_errors = true});
  CHECK(forced.refusal == Refusal::kNone);
  CHECK(forced.text.rfind("FROM alpine:3.24\n", 0) == 0);
}

TEST_CASE("a fix that breaks the parse is dropped, the others are kept", "[fix-engine]") {
  const RuleSelection selection =
      RuleSelection::only({&kBreaker, whalesafe::rules::find_rule("expose-proto-casing")});
  const FixOutcome outcome =
      fix_text("FROM a\nEXPOSE 80/TCP\n", selection, RuleSettings{}, FixOptions{});
  CHECK(outcome.text == "FROM a\nEXPOSE 80/tcp\n");
  CHECK(outcome.rejected == 1);
  REQUIRE(outcome.applied.size() == 1);
  CHECK(outcome.applied[0].rule == "expose-proto-casing");
  CHECK(outcome.converged);
}

TEST_CASE("when every fix of a round breaks the parse, the report is of the text kept",
          "[fix-engine]") {
  // Found by the fixer campaign: the final analysis kept a parse that had been moved away, and
  // `--fix` crashed when it printed what was left.
  const std::string text = "FROM a\nEXPOSE 80\n";
  const FixOutcome outcome =
      fix_text(text, RuleSelection::only({&kBreaker}), RuleSettings{}, FixOptions{});
  CHECK(outcome.text == text);
  CHECK(outcome.rejected == 1);
  REQUIRE(outcome.final_analysis);
  CHECK(outcome.final_analysis->document.text() == text);
  REQUIRE(outcome.final_analysis->diagnostics.size() == 1);
  CHECK(outcome.final_analysis->document.line_col(
            outcome.final_analysis->diagnostics[0].end_byte) == whalesafe::syntax::LineCol{1, 5});
}

TEST_CASE("bytes the fixes do not mean to change are kept", "[fix-engine]") {
  // A BOM, CRLF line ends and no final newline survive.
  const std::string text =
      "\xEF\xBB\xBF"
      "from alpine:3.24\r\nUSER app\r\nCMD [\"/app\"]";
  CHECK(fix(text).text ==
        "\xEF\xBB\xBF"
        "FROM alpine:3.24\r\nUSER app\r\nCMD [\"/app\"]");
}

TEST_CASE("removing a comment on the last line keeps the file without a final newline",
          "[fix-engine]") {
  // Found by the fixer campaign: suppression-unused deleted the comment but not the line end
  // before it, so the fixed file gained a final newline.
  for (const char* end : {"", "  ", "\t"}) {
    const std::string text =
        std::string("FROM alpine:3.24\r\nUSER app\r\n") + end + "# whalesafe ignore=user-root";
    CHECK(fix(text).text == "FROM alpine:3.24\r\nUSER app");
  }
  CHECK(fix("FROM alpine:3.24\nUSER app\n# whalesafe ignore=user-root\n").text ==
        "FROM alpine:3.24\nUSER app\n");
}

TEST_CASE("removing the last line after blank lines keeps the file without a final newline",
          "[fix-engine]") {
  // Found by the fixer campaign (fuzz/regressions/fixer/last-line-removed-after-a-blank-line-
  // leaves-a-final-newline): secret-in-env removed an unused ENV on the last line together with
  // the line ending before it, but that was a blank line's, and the line before the blank line
  // still ended with one: the fixed file gained a final newline.
  const FixOptions unsafe{.include_unsafe = true};
  for (const char* eol : {"\n", "\r\n"}) {
    for (int blank_lines = 0; blank_lines < 3; ++blank_lines) {
      std::string text = std::string("FROM alpine:3.24") + eol + "USER app" + eol;
      for (int i = 0; i < blank_lines; ++i) text += eol;
      text += "ENV POSTGRES_PASSWORD=hunter2";
      INFO(blank_lines << " blank lines, CRLF: " << (eol[0] == '\r'));
      const FixOutcome outcome = fix(text, unsafe);
      CHECK(count_rule(outcome, "secret-in-env") == 1);
      CHECK(outcome.text == std::string("FROM alpine:3.24") + eol + "USER app");
    }
  }
  // With a final newline, the blank lines before the removed line stay.
  CHECK(fix("FROM alpine:3.24\nUSER app\n\nENV POSTGRES_PASSWORD=hunter2\n", unsafe).text ==
        "FROM alpine:3.24\nUSER app\n\n");
}

TEST_CASE("a fix worked out for the base image waits when another fix changes that image",
          "[fix-engine]") {
  // base-image-eol moves golang:1.22 to a supported release, Alpine being its small form;
  // user-missing's commands depend on the distribution. Applied in one round, Debian's useradd
  // landed on an Alpine image and the build broke; now the user fix waits a round and is
  // worked out again for Alpine.
  std::vector<const whalesafe::rules::Rule*> chosen;
  for (const char* slug : {"base-image-eol", "user-missing"}) {
    chosen.push_back(whalesafe::rules::find_rule(slug));
  }
  RuleSettings settings;
  settings.eol_date = whalesafe::catalog::Date{2026, 11, 23};
  const std::string text =
      "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
      "CMD [\"/out/app\"]\n";
  const FixOutcome outcome =
      fix_text(text, RuleSelection::only(chosen), settings, FixOptions{.include_unsafe = true});
  INFO(outcome.text);
  CHECK(outcome.converged);
  CHECK(outcome.text.starts_with("FROM golang:1.26.7-alpine3.24\n"));
  CHECK(outcome.text.find("adduser -S") != std::string::npos);
  CHECK(outcome.text.find("useradd") == std::string::npos);
  CHECK(count_rule(outcome, "user-missing") == 1);
}
