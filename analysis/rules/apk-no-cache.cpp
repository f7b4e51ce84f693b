// apk-no-cache: `apk add` without `--no-cache` (and `apk update`), whose package index stays in
// a layer of the final image.
#include <fmt/format.h>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

const std::vector<std::string_view> kCacheDirs{"/var/cache/apk", "/etc/apk/cache"};

bool cache_handled(const RunInstruction& run, const RunInvocation& ri) {
  for (std::string_view dir : kCacheDirs) {
    if (mount_covers(run, dir)) return true;
  }
  return removes_path(run, ri.shell, ri.inv.command_index, kCacheDirs);
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (inv.manager != shell::Manager::kApk || inv.has_flag("no-cache")) continue;
      // `apk add --no-network` installs from what is already there: no index is fetched.
      if (inv.has_flag("--no-network")) continue;
      if (inv.action != "add" && inv.action != "upgrade" && inv.action != "update") continue;
      if (cache_handled(run, ri)) continue;
      const findings::TextEdit head = head_range(ri);
      if (inv.action == "update") {
        reporter.report(head.start_byte, head.end_byte,
                        "'apk update' stores the package index in /var/cache/apk, which stays "
                        "in the image; use 'apk add --no-cache' instead");
        continue;
      }
      std::optional<findings::Fix> fix;
      if (auto edit = insert_after_action(ri, " --no-cache")) {
        fix = findings::Fix{"Add --no-cache", findings::Applicability::kSafe, {std::move(*edit)}};
      }
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'apk {}' without --no-cache leaves the package index in "
                                  "/var/cache/apk in the image",
                                  inv.action),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_apk_no_cache() {
  static const Rule rule{
      {.slug = "apk-no-cache",
       .summary = "Use `apk add --no-cache`",
       .severity = Severity::kWarning,
       .aliases = {"DL3019", "DS025"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `apk add` and `apk upgrade` without `--no-cache`, and `apk "
                       "update`, in the stages "
                       "that end up in the final image, unless the same RUN removes "
                       "`/var/cache/apk` afterwards or mounts a cache or tmpfs there "
                       "(`RUN --mount=type=cache,target=/var/cache/apk`). `apk add --no-network` "
                       "fetches nothing and is not reported.",
               .why = "Without `--no-cache`, apk downloads the package index into "
                      "`/var/cache/apk`, where it stays in the layer: megabytes the running "
                      "container never reads. `--no-cache` fetches a fresh index for this "
                      "command only, which also makes `apk update` unnecessary.",
               .example = "FROM alpine:3.20\nRUN apk update && apk add curl\n",
               .instead = "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
               .fix = "Inserts `--no-cache` after `add` (or `upgrade`). Safe: the same packages "
                      "are installed "
                      "from an index fetched afresh. An `apk update` is reported without a fix: "
                      "remove it."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
