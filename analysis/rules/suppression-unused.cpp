// suppression-unused: a suppression that no longer suppresses anything. Its findings are made
// by the runner (runner.cpp), which knows what each suppression matched.
#include "rules/rule_context.h"

namespace whalesafe::rules {

const Rule& rule_suppression_unused() {
  static const Rule rule{
      {.slug = "suppression-unused",
       .summary = "A suppression that suppresses nothing",
       .severity = Severity::kInfo,
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports a rule named in `# hadolint ignore=`, `# whalesafe ignore=` "
                       "(also `global` and `stage`) or `# check=skip=` that had nothing to "
                       "suppress in its scope. Only rules that ran are judged: a suppression "
                       "of a disabled rule, or of another tool's check that whalesafe does not "
                       "implement, is never reported.",
               .why = "Suppressions outlive the code they were written for. A stale one "
                      "silently hides the next real problem of that kind in its scope.",
               .example = "FROM alpine:3.20\n# whalesafe ignore=base-image-latest\nRUN true\n",
               .instead = "FROM alpine:3.20\nRUN true\n",
               .fix = "Removes the rule name, or the whole comment when none of its names is "
                      "used. Safe: comments do not change the build."}},
      nullptr};
  return rule;
}

}  // namespace whalesafe::rules
