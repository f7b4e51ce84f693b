// instruction-before-from: instructions other than ARG before the first FROM.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  if (ctx.stages().empty()) return;  // no FROM at all: syntax-error reports the file
  for (TSNode i : ctx.preamble()) {
    // An unknown instruction is unknown-instruction's finding, wherever it is.
    if (is_type(i, "arg_instruction") || is_type(i, "unknown_instruction")) continue;
    reporter.report(keyword_node(i),
                    fmt::format("{} before the first FROM belongs to no stage; only ARG may "
                                "come before FROM",
                                instruction_name(i)));
  }
}

}  // namespace

const Rule& rule_instruction_before_from() {
  static const Rule rule{
      {.slug = "instruction-before-from",
       .summary = "Only ARG may come before the first FROM",
       .severity = Severity::kError,
       .aliases = {"DL3061"},
       .doc = {.what = "Reports any instruction other than `ARG` (and parser directives and "
                       "comments) before the first `FROM`.",
               .why = "Instructions act on a stage, and there is none before `FROM`: the build "
                      "fails with \"no build stage in current context\".",
               .example = "ENV APP_HOME=/app\nFROM alpine:3.20\n",
               .instead = "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERSION}\n"
                          "ENV APP_HOME=/app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
