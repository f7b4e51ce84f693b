// package-dist-upgrade: a distribution upgrade (`apt-get dist-upgrade`, `zypper dup`, `dnf
// distro-sync`, `apk upgrade --available`) inside a build.
#include <fmt/format.h>

#include "rules/package_upgrades.h"
#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      if (upgrade_kind(ri.inv) != UpgradeKind::kDistribution) continue;
      const findings::TextEdit head = head_range(ri);
      const bool apk = ri.inv.manager == shell::Manager::kApk;
      reporter.report(
          head.start_byte, head.end_byte,
          fmt::format("'{} {}{}' upgrades the distribution inside the build: the "
                      "image no longer matches its base and each build differs; "
                      "use a newer base image instead",
                      program_of(ri.command()), ri.inv.action, apk ? " --available" : ""));
    }
  }
}

}  // namespace

const Rule& rule_package_dist_upgrade() {
  static const Rule rule{
      {.slug = "package-dist-upgrade",
       .summary = "Do not upgrade the distribution inside a build",
       .severity = Severity::kWarning,
       .aliases = {"DL3005", "DL3035", "DS024"},
       .doc = {.what = "Reports distribution upgrades in RUN: `apt-get dist-upgrade` and "
                       "`apt-get`/`apt full-upgrade`, `zypper dist-upgrade`/`dup`, `yum`/`dnf` "
                       "`distro-sync` (and `system-upgrade`), and `apk upgrade --available`. "
                       "Plain upgrades of the installed packages (`apt-get upgrade`, `yum "
                       "update`) are the business of the `package-upgrade` rule, which is off "
                       "by default.",
               .why = "A distribution upgrade may remove, replace or downgrade packages and "
                      "pull in a new set of dependencies, so the image no longer is the base "
                      "image it names plus the packages the Dockerfile installs: each build "
                      "can differ from the last, and a change in the repositories can break a "
                      "build that did not change. It also hides from scanners and readers "
                      "which release the image really runs. The base image's maintainers "
                      "publish updated images: a newer tag (or digest) gives the same fixes in "
                      "a reviewed, reproducible way.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get "
                          "dist-upgrade -y && rm -rf /var/lib/apt/lists/*\n",
               .instead = "FROM debian:bookworm-20240722-slim\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
