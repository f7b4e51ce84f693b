// inline-suppression: `# hadolint ignore=` and `# whalesafe ignore=` pragmas (also `whalesafe
// stage ignore=`), which hide findings of one instruction or stage inside the Dockerfile.
// It only reads the suppressions (suppressions.h); applying them stays with the runner.
#include <fmt/format.h>

#include "rules/rule_context.h"
#include "rules/suppressions.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const Suppression& s : find_suppressions(ctx)) {
    // File-wide pragmas are configuration written at the top of the file; hadolint's DL1001
    // leaves its `global ignore` alone too.
    if (s.kind == SuppressionKind::kBuildkitCheck || s.scope == SuppressionScope::kFile) continue;
    reporter.report(s.comment_start, s.comment_end,
                    fmt::format("'{}' pragma hides findings here; fix them, or turn the rule "
                                "off in the configuration file where exceptions are reviewed "
                                "together",
                                describe(s)));
  }
}

}  // namespace

const Rule& rule_inline_suppression() {
  static const Rule rule{
      {.slug = "inline-suppression",
       .summary = "Avoid inline ignore pragmas",
       .severity = Severity::kInfo,
       .enabled_by_default = false,
       .aliases = {"DL1001"},
       .doc = {.what = "Reports the comments that suppress findings for one instruction or one "
                       "stage: `# hadolint ignore=...`, `# whalesafe ignore=...` and `# "
                       "whalesafe stage ignore=...`. File-wide pragmas (`global ignore=`, "
                       "BuildKit's `# check=skip=`) are not reported. Off by default: it is for "
                       "teams that want every exception in the configuration file "
                       "(`.whalesafe.yaml`, `.hadolint.yaml`). The pragmas keep working while it "
                       "is on; to allow one anyway, turn this rule off for the file with `# "
                       "whalesafe global ignore=inline-suppression`.",
               .why = "An inline pragma silences a rule where nobody reviews it: it stays when "
                      "the code under it changes and hides the next real problem of that kind "
                      "on that line (`suppression-unused` catches only pragmas that hide "
                      "nothing at all). Exceptions kept in the configuration file are few, "
                      "visible in one place, and reviewed like any other setting.",
               .example = "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache "
                          "curl\n",
               .instead = "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r2\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
