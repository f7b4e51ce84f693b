// suppression-unknown-rule: a name in a suppression that is no rule of whalesafe and no known
// ID of another tool. Its findings are made by the runner (runner.cpp).
#include "rules/rule_context.h"

namespace whalesafe::rules {

const Rule& rule_suppression_unknown_rule() {
  static const Rule rule{
      {.slug = "suppression-unknown-rule",
       .summary = "A suppression names an unknown rule",
       .severity = Severity::kWarning,
       .doc = {.what = "Reports a name in `# hadolint ignore=`, `# whalesafe ignore=` or "
                       "`# check=skip=` that is neither a whalesafe rule or alias, nor an ID "
                       "of hadolint, ShellCheck, BuildKit, Trivy or Checkov.",
               .why = "A misspelt name suppresses nothing, so the finding it was meant to "
                      "silence is still reported, or worse, the author believes a check is "
                      "off when it is not.",
               .example = "FROM ubuntu\n# whalesafe ignore=base-image-untaged\nRUN true\n",
               .instead = "# whalesafe ignore=base-image-untagged\nFROM ubuntu\n"}},
      nullptr};
  return rule;
}

}  // namespace whalesafe::rules
