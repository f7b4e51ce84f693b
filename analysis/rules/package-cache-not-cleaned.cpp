// package-cache-not-cleaned: yum, dnf, microdnf and zypper leave their metadata and package
// cache in a layer of the final image when the same RUN does not clean it.
#include <fmt/format.h>

#include <algorithm>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

bool is_rpm(shell::Manager m) {
  return m == shell::Manager::kYum || m == shell::Manager::kDnf || m == shell::Manager::kMicrodnf;
}

bool is_family(shell::Manager m, bool zypper) {
  return zypper ? m == shell::Manager::kZypper : is_rpm(m);
}

// Actions that download metadata or packages into the cache.
bool fills_cache(const shell::Invocation& inv) {
  static const std::vector<std::string_view> rpm{
      "install",      "reinstall",    "downgrade", "update",      "upgrade",
      "groupinstall", "localinstall", "makecache", "distro-sync", "group"};
  static const std::vector<std::string_view> zypper{
      "install", "in",      "update",       "up", "source-install", "si", "patch",
      "dup",     "refresh", "dist-upgrade", "ref"};
  const auto& actions = inv.manager == shell::Manager::kZypper ? zypper : rpm;
  return std::find(actions.begin(), actions.end(), inv.action) != actions.end();
}

bool cleans(const shell::Invocation& inv, bool zypper) {
  if (!is_family(inv.manager, zypper)) return false;
  if (zypper) return inv.action == "clean" || inv.action == "cc";
  if (inv.action != "clean") return false;
  for (const shell::Span& o : inv.operands) {
    if (o.text == "all") return true;
  }
  return false;
}

const std::vector<std::string_view> kRpmDirs{"/var/cache/yum", "/var/cache/dnf", "/var/cache/tdnf",
                                             "/var/cache/libdnf5"};
const std::vector<std::string_view> kZypperDirs{"/var/cache/zypp"};

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    for (const bool zypper : {false, true}) {
      const auto& dirs = zypper ? kZypperDirs : kRpmDirs;
      if (std::any_of(dirs.begin(), dirs.end(),
                      [&](std::string_view d) { return mount_covers(run, d); })) {
        continue;
      }
      const RunInvocation* dirty = nullptr;  // the first install not followed by a clean
      for (const RunInvocation& ri : run.invocations) {
        if (cleans(ri.inv, zypper)) dirty = nullptr;
        if (dirty == nullptr && is_family(ri.inv.manager, zypper) && fills_cache(ri.inv) &&
            !removes_path(run, ri.shell, ri.inv.command_index, dirs)) {
          dirty = &ri;
        }
      }
      if (dirty == nullptr) continue;
      const std::string program = program_of(dirty->command());
      const std::string clean = zypper ? program + " clean --all" : program + " clean all";
      std::optional<findings::Fix> fix;
      if (auto edit = append_to_run(run, clean)) {
        fix = findings::Fix{fmt::format("Append '{}' to the RUN", clean),
                            findings::Applicability::kSafe,
                            {std::move(*edit)}};
      }
      const findings::TextEdit head = head_range(*dirty);
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'{} {}' leaves its metadata and package cache in the image; "
                                  "run '{}' in the same RUN",
                                  program, dirty->inv.action, clean),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_package_cache_not_cleaned() {
  static const Rule rule{
      {.slug = "package-cache-not-cleaned",
       .summary = "Clean the yum/dnf/zypper cache in the RUN that fills it",
       .severity = Severity::kWarning,
       .aliases = {"DL3032", "DL3036", "DL3040", "DS015", "DS019", "DS020"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `yum`, `dnf` (`dnf5`, `tdnf`), `microdnf` and `zypper` "
                       "commands that download metadata or packages (`install`, `update`, "
                       "`upgrade`, `makecache`, `zypper in`/`up`/`patch`/`dup`/`refresh`, ...) "
                       "in the stages that end up in the final image, when nothing after them in "
                       "the same RUN cleans the cache: `yum clean all` (any of the three for "
                       "any of them), `zypper clean`/`cc`, `rm -rf /var/cache/yum` "
                       "(`/var/cache/dnf`, `/var/cache/zypp`), or a `RUN --mount=type=cache` "
                       "or tmpfs on that directory.",
               .why = "The repository metadata these tools download is tens to hundreds of "
                      "megabytes, and they may keep the packages too. A clean in a later RUN "
                      "comes too late: the earlier layer already holds the files.",
               .example = "FROM rockylinux:9\nRUN dnf install -y httpd\n",
               .instead = "FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n",
               .fix = "Appends `&& yum clean all` (with the tool the RUN uses; `zypper clean "
                      "--all` for zypper) when the RUN's last command runs unconditionally and "
                      "ends it. Safe: a later install downloads the metadata again."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
