// stage-name-casing: stage names (`FROM ... AS Name`) not in lower case.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    if (ts_node_is_null(stage.name_node)) continue;
    const std::string_view written = ctx.text(stage.name_node);
    if (contains_expansion(stage.name_node) || written == stage.name) continue;
    findings::Fix fix{fmt::format("Rename the stage '{}'", stage.name),
                      findings::Applicability::kSafe,
                      {replace(stage.name_node, stage.name)}};
    reporter.report(stage.name_node,
                    fmt::format("stage name '{}' should be lower case: '{}'", written, stage.name),
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_stage_name_casing() {
  static const Rule rule{
      {.slug = "stage-name-casing",
       .summary = "Stage names are written in lower case",
       .severity = Severity::kStyle,
       .aliases = {"StageNameCasing"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports a stage name (`FROM ... AS Name`) with upper-case letters.",
               .why = "Stage names are case-insensitive: `COPY --from=BUILD` and "
                      "`--target build` both find `AS Build`. Writing them in one case, lower "
                      "like image names, avoids two spellings of one stage.",
               .example = "FROM golang:1.23 AS Build\n",
               .instead = "FROM golang:1.23 AS build\n",
               .fix = "Rewrites the name in lower case. Safe: references to the stage match "
                      "it whatever their case."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
