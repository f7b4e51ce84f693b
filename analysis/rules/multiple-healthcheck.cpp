// multiple-healthcheck: more than one HEALTHCHECK in a stage (only the last one takes effect).
#include "rules/overridden_instructions.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  report_overridden(ctx, reporter, "healthcheck_instruction");
}

}  // namespace

const Rule& rule_multiple_healthcheck() {
  static const Rule rule{
      {.slug = "multiple-healthcheck",
       .summary = "Only the last HEALTHCHECK of a stage takes effect",
       .severity = Severity::kWarning,
       .aliases = {"DL3012", "MultipleInstructionsDisallowed", "DS023"},
       .doc = {.what =
                   "Reports a `HEALTHCHECK` that a later `HEALTHCHECK` of the same stage replaces.",
               .why = "An image has one health check; only the last `HEALTHCHECK` of a stage "
                      "counts, so the earlier ones mislead whoever reads the file.",
               .example =
                   "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit "
                   "1\nHEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1\n",
               .instead = "FROM nginx:1.27\nHEALTHCHECK --interval=10s CMD curl -f "
                          "http://localhost/health || exit 1\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
