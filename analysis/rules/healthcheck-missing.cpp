// healthcheck-missing: the final image has no HEALTHCHECK (neither its stage nor the stages it
// is built FROM set one).
#include "rules/base_image.h"
#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

bool sets_healthcheck(const SyntaxStage& stage) {
  for (TSNode i : stage.body) {
    if (is_type(i, "healthcheck_instruction")) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<SyntaxStage>& stages = ctx.stages();
  if (stages.empty()) return;
  // The final stage, then the earlier stages it is built FROM.
  for (const SyntaxStage* s = &stages.back(); s != nullptr; s = parent_stage(ctx, *s)) {
    if (sets_healthcheck(*s)) return;
  }
  const TSNode from = stages.back().from;
  reporter.report(keyword_node(from),
                  "the final image has no HEALTHCHECK; orchestrators cannot tell when it is "
                  "stuck (use HEALTHCHECK NONE to say so deliberately)");
}

}  // namespace

const Rule& rule_healthcheck_missing() {
  static const Rule rule{
      {.slug = "healthcheck-missing",
       .summary = "The final image should define a HEALTHCHECK",
       .severity = Severity::kInfo,
       .enabled_by_default = false,
       .aliases = {"DL3057", "DS026", "CKV_DOCKER_2"},
       .doc = {.what = "Reports the final stage's `FROM` when neither that stage nor the stages "
                       "it is built from (`FROM <stage>`) has a `HEALTHCHECK`. "
                       "`HEALTHCHECK NONE` counts as a decision. A health check inherited from "
                       "the base image cannot be seen here, which is why the rule is off by "
                       "default: enable it with `--select healthcheck-missing` or the "
                       "configuration.",
               .why = "Without a health check, Docker and Swarm only know whether the process "
                      "runs, not whether it serves; a deadlocked server stays in rotation.",
               .example = "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n",
               .instead = "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n"
                          "HEALTHCHECK CMD curl -fs http://localhost/ || exit 1\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
