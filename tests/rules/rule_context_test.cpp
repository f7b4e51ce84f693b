// What RuleContext offers rules: stages (with the instructions before the first FROM apart),
// directives, and the parsed shell, shared through a cache across documents.
#include "rules/rule_context.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using whalesafe::rules::RuleContext;
using whalesafe::rules::RuleSettings;

TEST_CASE("RuleContext splits the document into stages", "[context]") {
  const whalesafe::syntax::Document doc(
      "# escape=`\nARG V=1\nFROM alpine:3.20 AS Build\nRUN true\nFROM build\nCMD [\"x\"]\n");
  const RuleSettings settings;
  const RuleContext ctx(doc, settings);
  CHECK(ctx.directives().escape == '`');
  CHECK(ctx.preamble().size() == 1);
  REQUIRE(ctx.stages().size() == 2);
  CHECK(ctx.stages()[0].name == "build");  // lower-cased, as BuildKit compares names
  CHECK(ctx.text(ctx.stages()[0].name_node) == "Build");
  CHECK(ctx.stages()[0].body.size() == 1);
  CHECK(ctx.stages()[1].index == 1);
  CHECK(ctx.stages()[1].name.empty());
  CHECK(ctx.text(TSNode{}).empty());  // null nodes read as empty text
}

TEST_CASE("RuleContext lists the instructions of a type, in order", "[context]") {
  const whalesafe::syntax::Document doc(
      "FROM alpine:3.20 AS build\nCOPY a /a\nRUN true\nADD b /b\nCOPY c /c\n"
      "ONBUILD COPY d /d\nFROM build\nCOPY --from=build /a /a\n");
  const RuleSettings settings;
  const RuleContext ctx(doc, settings);
  std::vector<std::string> copies;
  for (TSNode i : ctx.instructions_of_type("copy_instruction")) {
    copies.emplace_back(ctx.text(i));
  }
  // Top-level ones only: the COPY under ONBUILD is the ONBUILD's.
  CHECK(copies == std::vector<std::string>{"COPY a /a", "COPY c /c", "COPY --from=build /a /a"});
  CHECK(ctx.instructions_of_type("from_instruction").size() == 2);
  CHECK(ctx.instructions_of_type("onbuild_instruction").size() == 1);
  CHECK(ctx.instructions_of_type("expose_instruction").empty());
  CHECK(ctx.instructions_of_type("no_such_type").empty());
  std::vector<std::string> merged;
  for (TSNode i : ctx.instructions_of_types({"add_instruction", "copy_instruction"})) {
    merged.emplace_back(ctx.text(i));
  }
  CHECK(merged ==
        std::vector<std::string>{"COPY a /a", "ADD b /b", "COPY c /c", "COPY --from=build /a /a"});
  // A one-instruction context sees its own instruction only.
  const RuleContext one(ctx, ctx.instructions()[3]);
  CHECK(one.instructions_of_type("add_instruction").size() == 1);
  CHECK(one.instructions_of_type("copy_instruction").empty());
}

TEST_CASE("RuleContext parses the shell once per text, through a shared cache", "[context]") {
  const whalesafe::syntax::Document a("FROM alpine:3.20\nRUN apk add curl && \\\n    cd /x\n");
  const whalesafe::syntax::Document b("FROM debian:12\nRUN apk add curl && \\\n    cd /x\n");
  whalesafe::shell::ParseCache cache(8);
  const RuleSettings settings;
  const RuleContext first(a, settings, &cache);
  REQUIRE(first.shells().size() == 1);
  const auto& commands = first.shells()[0].script.commands;
  REQUIRE(commands.size() == 2);
  // Ranges map back into the Dockerfile, across the line continuation.
  const auto& cd = commands[1];
  CHECK(a.line_col(cd.doc.covering.start).line == 3);
  const RuleContext second(b, settings, &cache);
  REQUIRE(second.shells().size() == 1);
  CHECK(cache.stats().misses == 1);
  CHECK(cache.stats().hits == 1);
}

TEST_CASE("RuleContext::eol_date: the configured day, minus the grace days", "[context]") {
  const whalesafe::syntax::Document doc("FROM alpine:3.20\n");
  RuleSettings settings;
  settings.eol_date = whalesafe::catalog::Date{2026, 3, 1};
  CHECK(RuleContext(doc, settings).eol_date() == whalesafe::catalog::Date{2026, 3, 1});
  settings.eol_grace_days = 30;  // across February of a common year
  CHECK(RuleContext(doc, settings).eol_date() == whalesafe::catalog::Date{2026, 1, 30});
  settings.eol_date = whalesafe::catalog::Date{2024, 3, 1};  // a leap year
  settings.eol_grace_days = 1;
  CHECK(RuleContext(doc, settings).eol_date() == whalesafe::catalog::Date{2024, 2, 29});
  settings.eol_grace_days = -1;  // a negative grace reports a day early
  CHECK(RuleContext(doc, settings).eol_date() == whalesafe::catalog::Date{2024, 3, 2});
  // Without a date, today: a real calendar date no earlier than the catalog's snapshot.
  const RuleSettings defaults;
  const whalesafe::catalog::Date today = RuleContext(doc, defaults).eol_date();
  CHECK(whalesafe::catalog::Date::parse(today.to_string()) == today);
  CHECK(today >= whalesafe::catalog::Date{2026, 8, 21});
}
