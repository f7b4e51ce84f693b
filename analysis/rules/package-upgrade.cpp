// package-upgrade (off by default): an upgrade of every installed package (`apt-get upgrade`,
// `apk upgrade`, `yum update`, `zypper up`) inside a build.
#include <fmt/format.h>

#include "rules/package_upgrades.h"
#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      if (upgrade_kind(ri.inv) != UpgradeKind::kInstalled) continue;
      const findings::TextEdit head = head_range(ri);
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'{} {}' upgrades every installed package to whatever the "
                                  "repositories hold on the day of the build; prefer a newer "
                                  "base image",
                                  program_of(ri.command()), ri.inv.action));
    }
  }
}

}  // namespace

const Rule& rule_package_upgrade() {
  static const Rule rule{
      {.slug = "package-upgrade",
       .summary = "Prefer a newer base image to upgrading its packages in the build",
       .severity = Severity::kInfo,
       .enabled_by_default = false,
       .aliases = {"DL3005", "DL3017", "DL3031", "DL3039"},
       .doc = {.what = "Reports upgrades of every installed package in RUN: `apt-get`/`apt "
                       "upgrade`, `apk upgrade`, `yum`/`dnf`/`microdnf` `update`/`upgrade` "
                       "(and their `-minimal`/`-to` forms) and `zypper update`/`up`/`patch`. "
                       "Upgrades of named packages (`yum update openssl`, `apk upgrade musl`) "
                       "are not reported: choosing what to take is like installing it. "
                       "Distribution upgrades are reported by `package-dist-upgrade`. Off by "
                       "default: enable it with `--select package-upgrade` (or `DL3017`, "
                       "`DL3031`; hadolint's older `DL3005` covered `apt-get upgrade` too).",
               .why = "The trade-off: an upgrade in the build picks up security fixes the "
                      "base image does not have yet, but it makes the image depend on the day "
                      "it was built (two builds of the same Dockerfile differ, a broken update "
                      "breaks a build nobody changed), adds a layer with a second copy of "
                      "every upgraded file, and hides which versions the image runs. The "
                      "better fix for both concerns is a recent base image, updated by "
                      "rebuilding on a newer tag or digest (tools like Renovate or Dependabot "
                      "do it): the fixes arrive reviewed and reproducible. That is why the "
                      "rule is off by default; turn it on where reproducibility matters more "
                      "than same-day fixes.",
               .example = "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
               .instead = "FROM alpine:3.20.3\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
