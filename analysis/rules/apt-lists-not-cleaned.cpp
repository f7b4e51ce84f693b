// apt-lists-not-cleaned: `apt-get update` whose package lists (/var/lib/apt/lists) stay in a
// layer of the final image.
#include <fmt/format.h>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

constexpr std::string_view kLists = "/var/lib/apt/lists";

bool is_apt(shell::Manager m) { return m == shell::Manager::kAptGet || m == shell::Manager::kApt; }

bool uses_lists(std::string_view action) {
  for (std::string_view a : {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade",
                             "build-dep", "source", "download"}) {
    if (action == a) return true;
  }
  return false;
}

// Whether `stage` is `ancestor` or built FROM it (transitively).
bool built_on(const model::Model& model, std::size_t stage, std::size_t ancestor) {
  for (std::optional<std::size_t> s = stage; s;) {
    if (*s == ancestor) return true;
    s = model.stages[*s].base.stage;
  }
  return false;
}

// A later RUN of this stage (or of a stage built on it) that runs APT without its own
// `update` first relies on the lists: removing them would break it. A later RUN that updates
// first downloads them anew for itself and the RUNs after it.
bool later_run_needs_lists(const RuleContext& ctx, const std::vector<RunInstruction>& runs,
                           std::size_t index) {
  for (std::size_t r = index + 1; r < runs.size(); ++r) {
    if (!built_on(ctx.model(), runs[r].stage, runs[index].stage)) continue;
    for (const RunInvocation& ri : runs[r].invocations) {
      if (!is_apt(ri.inv.manager)) continue;
      if (ri.inv.action == "update") return false;  // fresh lists for the RUNs after it
      if (uses_lists(ri.inv.action)) return true;
    }
  }
  return false;
}

// `apt-get dist-clean` (apt 2.7+) after the update in the same RUN removes the lists too.
bool dist_clean_after(const RunInstruction& run, const RunInvocation& update) {
  bool after = false;
  for (const RunInvocation& ri : run.invocations) {
    if (&ri == &update) after = true;
    if (after && is_apt(ri.inv.manager) &&
        (ri.inv.action == "dist-clean" || ri.inv.action == "distclean")) {
      return true;
    }
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<RunInstruction>& runs = run_instructions(ctx);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunInstruction& run = runs[r];
    if (!run.in_final_image || mount_covers(run, kLists)) continue;
    for (const RunInvocation& ri : run.invocations) {
      if (!is_apt(ri.inv.manager) || ri.inv.action != "update") continue;
      if (removes_path(run, ri.shell, ri.inv.command_index, {kLists})) continue;
      if (dist_clean_after(run, ri)) continue;
      std::optional<findings::Fix> fix;
      if (auto edit = append_to_run(run, "rm -rf /var/lib/apt/lists/*")) {
        fix = findings::Fix{"Remove /var/lib/apt/lists/* at the end of the RUN",
                            later_run_needs_lists(ctx, runs, r) ? findings::Applicability::kUnsafe
                                                                : findings::Applicability::kSafe,
                            {std::move(*edit)}};
      }
      const findings::TextEdit head = head_range(ri);
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("the package lists '{} update' downloads stay in the image; "
                                  "remove /var/lib/apt/lists/* in the same RUN",
                                  shell::manager_name(ri.inv.manager)),
                      std::move(fix));
      break;  // one finding per RUN
    }
  }
}

}  // namespace

const Rule& rule_apt_lists_not_cleaned() {
  static const Rule rule{
      {.slug = "apt-lists-not-cleaned",
       .summary = "Remove /var/lib/apt/lists/* in the RUN that runs `apt-get update`",
       .severity = Severity::kWarning,
       .aliases = {"DL3009"},
       .fix = FixKind::kSafeOrUnsafe,
       .doc = {.what = "Reports a RUN that runs `apt-get update` (or `apt update`) and does not "
                       "remove `/var/lib/apt/lists` afterwards in the same RUN (`rm -rf "
                       "/var/lib/apt/lists/*`, `find /var/lib/apt/lists ... -delete`, or `apt-get "
                       "dist-clean`), in the "
                       "stages that end up in the final image. A `RUN --mount=type=cache` (or "
                       "tmpfs) on `/var/lib/apt/lists` or `/var/lib/apt` counts as cleaned.",
               .why = "The package lists are tens of megabytes that nothing in the running "
                      "container needs. Each RUN is a layer: removing them in a later RUN hides "
                      "them but does not make the image smaller. Stale lists kept in an image "
                      "also make a later `apt-get install` without `update` use outdated "
                      "package versions.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .fix = "Appends `&& rm -rf /var/lib/apt/lists/*` to the RUN when its last command "
                      "runs unconditionally and ends it. Safe, unless a later RUN of the same "
                      "stage (or of a stage built on it) runs apt without its own `update`: "
                      "that RUN relies on the lists, so the fix is then unsafe."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
