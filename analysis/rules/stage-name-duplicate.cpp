// stage-name-duplicate: two stages with the same `AS` name (compared case-insensitively).
#include <fmt/format.h>

#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<SyntaxStage>& stages = ctx.stages();
  for (const SyntaxStage& stage : stages) {
    if (stage.name.empty()) continue;
    for (const SyntaxStage& earlier : stages) {
      if (earlier.index >= stage.index) break;
      if (earlier.name != stage.name) continue;
      reporter.report(stage.name_node,
                      fmt::format("stage name '{}' is already used by the stage on line {}",
                                  ctx.text(stage.name_node),
                                  ctx.document().line_col(ts_node_start_byte(earlier.from)).line));
      break;
    }
  }
}

}  // namespace

const Rule& rule_stage_name_duplicate() {
  static const Rule rule{
      {.slug = "stage-name-duplicate",
       .summary = "Stage names must be unique",
       .severity = Severity::kError,
       .aliases = {"DL3024", "DuplicateStageName", "DS012", "CKV_DOCKER_11"},
       .doc = {.what = "Reports a `FROM ... AS name` whose name an earlier stage already uses "
                       "(names are case-insensitive).",
               .why = "BuildKit refuses to build such a file; older builders silently used "
                      "one of the stages for `COPY --from=name` and `--target name`, so the "
                      "image depended on which one.",
               .example = "FROM golang:1.23 AS build\nRUN go build -o /app .\n\n"
                          "FROM alpine:3.20 AS build\nCOPY --from=build /app /app\n",
               .instead = "FROM golang:1.23 AS build\nRUN go build -o /app .\n\n"
                          "FROM alpine:3.20 AS runtime\nCOPY --from=build /app /app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
