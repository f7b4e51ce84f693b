// reserved-stage-name: a stage named `scratch` or `context`, names BuildKit reserves.
#include <fmt/format.h>

#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    if (stage.name == "scratch" || stage.name == "context") {
      reporter.report(stage.name_node,
                      fmt::format("'{}' is a reserved name and cannot name a stage",
                                  ctx.text(stage.name_node)));
    }
  }
}

}  // namespace

const Rule& rule_reserved_stage_name() {
  static const Rule rule{
      {.slug = "reserved-stage-name",
       .summary = "scratch and context cannot name a stage",
       .severity = Severity::kError,
       .aliases = {"ReservedStageName"},
       .doc = {.what = "Reports `FROM ... AS scratch` and `FROM ... AS context` (in any case).",
               .why = "`scratch` is the empty image and `context` the build context: "
                      "`FROM scratch` or `COPY --from=context` would not mean the stage, so "
                      "BuildKit rejects these names.",
               .example = "FROM alpine:3.20 AS scratch\nRUN touch /x\n",
               .instead = "FROM alpine:3.20 AS base\nRUN touch /x\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
