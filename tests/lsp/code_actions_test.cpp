// Code action planning (server/lsp/features/code_action_planner.h) on real rule findings, with
// positions marked in the test text (`^` a point, `[[...]]` a range; see annotations.h).
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "annotations.h"
#include "lsp/features/code_action_planner.h"
#include "rules/registry.h"
#include "rules/runner.h"
#include "syntax/document.h"

using whalesafe::findings::Diagnostic;
using whalesafe::findings::TextEdit;
using whalesafe::lsp::features::ActionKind;
using whalesafe::lsp::features::minimal_edit;
using whalesafe::lsp::features::PlanInput;
using whalesafe::lsp::features::PlannedAction;
using whalesafe::lsp::features::PlanRequest;
using whalesafe::testing::Annotations;
using whalesafe::testing::ByteRange;
namespace rules = whalesafe::rules;
namespace rewrites = whalesafe::rewrites;
namespace syntax = whalesafe::syntax;

namespace {

std::string apply(std::string text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.start_byte > b.start_byte; });
  for (const TextEdit& e : edits) text.replace(e.start_byte, e.end_byte - e.start_byte, e.new_text);
  return text;
}

// A document checked with the apt rules (one safe fix, one unsafe) and nothing that depends on
// the calendar or on programs installed.
struct Checked {
  explicit Checked(const std::string& text)
      : document(text),
        selection(rules::RuleSelection::only(
            {rules::find_rule("apt-missing-yes"), rules::find_rule("apt-no-install-recommends")})) {
    settings.shellcheck = false;
    diagnostics = rules::check_document(document, selection, settings);
  }
  PlanInput input() const { return PlanInput{document, selection, settings, diagnostics}; }
  std::vector<std::string> rules_found() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.rule);
    return out;
  }

  syntax::Document document;
  rules::RuleSelection selection;
  rules::RuleSettings settings;
  std::vector<Diagnostic> diagnostics;
};

PlanRequest at(uint32_t point) { return PlanRequest{.start = point, .end = point}; }

const PlannedAction* find_action(const std::vector<PlannedAction>& actions, ActionKind kind,
                                 const std::string& rule, const Checked& checked) {
  for (const PlannedAction& a : actions) {
    if (a.kind != kind) continue;
    if (rule.empty()) return &a;
    for (std::size_t i : a.diagnostics) {
      if (checked.diagnostics[i].rule == rule) return &a;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("annotations: points and ranges, named and unnamed, are removed from the text") {
  const Annotations a("FROM [[deb^ian]]\n$x^RUN $r[[true]]\n");
  CHECK(a.code() == "FROM debian\nRUN true\n");
  CHECK(a.range() == ByteRange{5, 11});
  CHECK(a.point() == 8);
  CHECK(a.point("x") == 12);
  CHECK(a.range("r") == ByteRange{16, 20});
}

TEST_CASE("a quick fix for each fixable finding at the cursor: preferred only when safe") {
  const Annotations a(
      "FROM debian:bookworm-slim\n"
      "RUN apt-get update && [[apt-get in^stall]] curl\n");
  const Checked checked(a.code());
  REQUIRE(checked.rules_found() ==
          std::vector<std::string>{"apt-missing-yes", "apt-no-install-recommends"});
  for (const Diagnostic& d : checked.diagnostics) {
    CHECK(ByteRange{d.start_byte, d.end_byte} == a.range());
  }
  const auto actions = plan_code_actions(checked.input(), at(a.point()));

  const PlannedAction* safe =
      find_action(actions, ActionKind::kQuickFix, "apt-missing-yes", checked);
  REQUIRE(safe);
  CHECK(safe->preferred);
  CHECK(safe->safe);
  CHECK(safe->title.find("unsafe") == std::string::npos);
  REQUIRE(safe->edits);
  CHECK(apply(a.code(), *safe->edits) ==
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n");

  const PlannedAction* unsafe =
      find_action(actions, ActionKind::kQuickFix, "apt-no-install-recommends", checked);
  REQUIRE(unsafe);
  CHECK_FALSE(unsafe->preferred);
  CHECK_FALSE(unsafe->safe);
  CHECK(unsafe->title.find("(unsafe: changes the image)") != std::string::npos);
  REQUIRE(unsafe->edits);
  CHECK(apply(a.code(), *unsafe->edits).find("--no-install-recommends") != std::string::npos);

  SECTION("unsafe quick fixes can be turned off") {
    PlanRequest request = at(a.point());
    request.unsafe_quick_fixes = false;
    const auto fewer = plan_code_actions(checked.input(), request);
    CHECK(find_action(fewer, ActionKind::kQuickFix, "apt-missing-yes", checked));
    CHECK_FALSE(find_action(fewer, ActionKind::kQuickFix, "apt-no-install-recommends", checked));
  }
}

TEST_CASE("ignore this rule here: a suppression comment above the instruction silences it") {
  const Annotations a(
      "FROM debian:bookworm-slim\n"
      "  RUN apt-get ^install --no-install-recommends curl\n");
  const Checked checked(a.code());
  REQUIRE(checked.rules_found() == std::vector<std::string>{"apt-missing-yes"});
  const auto actions = plan_code_actions(checked.input(), at(a.point()));
  const PlannedAction* ignore =
      find_action(actions, ActionKind::kIgnore, "apt-missing-yes", checked);
  REQUIRE(ignore);
  CHECK(ignore->title.find("apt-missing-yes") != std::string::npos);
  REQUIRE(ignore->edits);
  const std::string ignored = apply(a.code(), *ignore->edits);
  CHECK(ignored ==
        "FROM debian:bookworm-slim\n"
        "  # whalesafe ignore=apt-missing-yes\n"
        "  RUN apt-get install --no-install-recommends curl\n");
  CHECK(Checked(ignored).diagnostics.empty());
}

TEST_CASE("nothing at a cursor away from the findings, but fix-all for the whole file") {
  const Annotations a(
      "FR^OM debian:bookworm-slim\n"
      "RUN apt-get install curl\n");
  const Checked checked(a.code());
  REQUIRE(checked.diagnostics.size() == 2);
  const auto actions = plan_code_actions(checked.input(), at(a.point()));
  CHECK_FALSE(find_action(actions, ActionKind::kQuickFix, "", checked));
  CHECK_FALSE(find_action(actions, ActionKind::kIgnore, "", checked));
  const PlannedAction* all = find_action(actions, ActionKind::kFixAll, "", checked);
  REQUIRE(all);
  CHECK_FALSE(all->edits);  // computed on resolve
}

TEST_CASE("fix-all applies every safe fix until nothing changes, and no unsafe one") {
  const std::string text =
      "FROM debian:bookworm-slim\n"
      "RUN apt-get install curl && apt-get purge wget\n"
      "RUN apt-get install -y git\n";
  const Checked checked(text);
  const auto resolved = resolve_fix_all(checked.input());
  REQUIRE(resolved.error.empty());
  REQUIRE(resolved.edits.size() == 1);  // one minimal edit
  const std::string fixed = apply(text, resolved.edits);
  CHECK(fixed ==
        "FROM debian:bookworm-slim\n"
        "RUN apt-get install -y curl && apt-get purge -y wget\n"
        "RUN apt-get install -y git\n");
  // Only the unsafe findings are left.
  for (const Diagnostic& d : Checked(fixed).diagnostics)
    CHECK(d.rule == "apt-no-install-recommends");

  SECTION("eager planning (a client that cannot resolve) carries the same edit") {
    PlanRequest request = at(0);
    request.eager = true;
    const auto actions = plan_code_actions(checked.input(), request);
    const PlannedAction* all = find_action(actions, ActionKind::kFixAll, "", checked);
    REQUIRE(all);
    REQUIRE(all->edits);
    CHECK(*all->edits == resolved.edits);
  }
  SECTION("a file with syntax errors is not fixed, and the reason says so") {
    const Checked broken("FROM debian:bookworm-slim\nENV A=1 B\nRUN apt-get install curl\n");
    const auto refused = resolve_fix_all(broken.input());
    CHECK(refused.edits.empty());
    CHECK(refused.error.find("syntax errors") != std::string::npos);
  }
}

TEST_CASE("the client's `only` filter decides what is planned") {
  const Annotations a("FROM debian:bookworm-slim\nRUN apt-get ^install curl\n");
  const Checked checked(a.code());
  PlanRequest request = at(a.point());
  request.wanted = [](ActionKind kind, std::optional<rewrites::RewriteKind>) {
    return kind == ActionKind::kFixAll;
  };
  const auto actions = plan_code_actions(checked.input(), request);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].kind == ActionKind::kFixAll);
}

TEST_CASE("rewrites: listed where they apply, explained where they do not, resolved alike") {
  const Annotations a(
      "FROM python:3.12\n"
      "ARG API_TOKEN=s3cr3t\n"
      "RUN pip install --no-cache-dir flask\n"
      "^CMD [\"python\", \"app.py\"]\n");
  const Checked checked(a.code());
  PlanRequest request = at(a.point());
  request.wanted = [](ActionKind kind, std::optional<rewrites::RewriteKind>) {
    return kind == ActionKind::kRewrite;
  };
  request.explain_unavailable = true;
  const auto actions = plan_code_actions(checked.input(), request);
  // Every rewrite is listed, either applicable (resolved later) or with the reason it is not.
  REQUIRE(actions.size() == std::size(rewrites::kAllRewrites));
  for (const PlannedAction& action : actions) {
    REQUIRE(action.rewrite);
    INFO(rewrites::rewrite_id(*action.rewrite));
    CHECK_FALSE(action.safe);
    CHECK(action.title.find("(unsafe: changes the image)") != std::string::npos);
    CHECK_FALSE(action.edits);
    const auto resolved = resolve_rewrite(checked.input(), *action.rewrite, action.offset);
    if (action.unavailable.empty()) {
      // Offered: resolving gives an edit that changes the file.
      CHECK(resolved.error.empty());
      REQUIRE_FALSE(resolved.edits.empty());
      CHECK(apply(a.code(), resolved.edits) != a.code());
    } else {
      CHECK(resolved.edits.empty());
      CHECK(resolved.error == action.unavailable);
    }
  }
  // Without explain_unavailable, only applicable ones are listed.
  request.explain_unavailable = false;
  for (const PlannedAction& action : plan_code_actions(checked.input(), request)) {
    CHECK(action.unavailable.empty());
  }
}

TEST_CASE("minimal_edit keeps the common prefix and suffix, and whole UTF-8 characters") {
  CHECK(minimal_edit("same", "same").empty());
  CHECK(minimal_edit("RUN a\n", "RUN ab\n") == std::vector<TextEdit>{{5, 5, "b"}});
  CHECK(minimal_edit("RUN abc\n", "RUN c\n") == std::vector<TextEdit>{{4, 6, ""}});
  // é (C3 A9) and è (C3 A8) share their first byte: the edit still replaces the whole character.
  CHECK(minimal_edit("h\xC3\xA9llo", "h\xC3\xA8llo") == std::vector<TextEdit>{{1, 3, "\xC3\xA8"}});
  CHECK(minimal_edit("aa", "aaa") == std::vector<TextEdit>{{2, 2, "a"}});
}
