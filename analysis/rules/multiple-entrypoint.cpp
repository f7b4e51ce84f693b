// multiple-entrypoint: more than one ENTRYPOINT in a stage (only the last one takes effect).
#include "rules/overridden_instructions.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  report_overridden(ctx, reporter, "entrypoint_instruction");
}

}  // namespace

const Rule& rule_multiple_entrypoint() {
  static const Rule rule{
      {.slug = "multiple-entrypoint",
       .summary = "Only the last ENTRYPOINT of a stage takes effect",
       .severity = Severity::kWarning,
       .aliases = {"DL4004", "MultipleInstructionsDisallowed", "DS007"},
       .doc =
           {.what = "Reports a `ENTRYPOINT` that a later `ENTRYPOINT` of the same stage replaces.",
            .why = "Only the last `ENTRYPOINT` of a stage is used; the earlier ones are dead code "
                   "that suggests the image starts something it does not.",
            .example =
                "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\"]\nENTRYPOINT [\"/usr/local/bin/app\"]\n",
            .instead = "FROM alpine:3.20\nENTRYPOINT [\"/usr/local/bin/app\"]\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
