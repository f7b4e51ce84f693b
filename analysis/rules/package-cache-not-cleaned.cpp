// package-cache-not-cleaned: yum, dnf, microdnf, zypper and yarn leave their metadata and
// package cache in a layer of the final image when the same RUN does not clean it.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/node_util.h"
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

// Where Yarn 1 keeps its cache: root's (the usual build user) and other users' default.
const std::vector<std::string_view> kYarnDirs{"/usr/local/share/.cache/yarn", "/root/.cache/yarn",
                                              "/root/.yarn/berry/cache"};

// `yarn`, `yarn install`, `yarn add x`, `yarn global add x`: they fill the cache.
bool yarn_installs(const shell::Invocation& inv) {
  if (inv.manager != shell::Manager::kYarn) return false;
  if (inv.action == "install" || inv.action == "add") return true;
  if (!inv.action.empty()) return false;  // a script or another command: `yarn build`
  for (std::string_view info : {"-v", "--version", "-h", "--help"}) {
    if (inv.has_flag(info)) return false;
  }
  return true;
}

bool yarn_cleans(const shell::Invocation& inv) {
  return inv.manager == shell::Manager::kYarn && inv.action == "cache" && !inv.operands.empty() &&
         inv.operands.front().text == "clean";
}

// A cache mount for Yarn: on one of its directories, or any target naming yarn (the usual
// way to pair a mount with YARN_CACHE_FOLDER or --cache-folder).
bool yarn_cache_mounted(const RunInstruction& run) {
  for (std::string_view d : kYarnDirs) {
    if (mount_covers(run, d)) return true;
  }
  return std::any_of(run.cache_mounts.begin(), run.cache_mounts.end(), [](const std::string& t) {
    return ascii_lower(t).find("yarn") != std::string::npos;
  });
}

// Yarn 2 and later ("berry") may run the application from its cache (Plug'n'Play zip
// archives), where cleaning the cache breaks the image. Instructions that show such a project
// (its .yarnrc.yml, a .pnp file, `yarn set version`, a yarn@2+ release), by start byte and
// stage: the rule leaves yarn alone after one of them in the RUN's stage or the stages it is
// built FROM.
struct YarnBerrySigns {
  std::vector<std::pair<uint32_t, int>> at;  // start byte, stage index
};

bool yarn_berry_before(const RuleContext& ctx, const RunInstruction& run) {
  const model::Model& model = ctx.model();
  const auto& signs = ctx.shared_fact<YarnBerrySigns>([&] {
    YarnBerrySigns found;
    for (TSNode i : ctx.instructions()) {
      // Searched without a lower-cased copy: this runs over every instruction at every analysis.
      const std::string_view t = ctx.text(i);
      for (std::string_view sign : {".yarnrc.yml", ".pnp.", "yarn set version", "yarn@berry",
                                    "yarn@stable", "yarn@2", "yarn@3", "yarn@4"}) {
        if (!syntax::icontains(t, sign)) continue;
        const model::InstructionInfo* info = model.instruction_at(ts_node_start_byte(i));
        if (info != nullptr) found.at.emplace_back(ts_node_start_byte(i), info->stage);
        break;
      }
    }
    return found;
  });
  const uint32_t run_start = ts_node_start_byte(run.node);
  for (const auto& [start, stage] : signs.at) {
    if (start >= run_start || stage < 0) continue;
    // Is `stage` the RUN's stage or one it is built FROM?
    std::optional<std::size_t> s = run.stage;
    for (std::size_t hops = 0; s && hops <= model.stages.size(); ++hops) {
      if (*s == static_cast<std::size_t>(stage)) return true;
      s = model.stages[*s].base.stage;
    }
  }
  return false;
}

// `--cache-folder <dir>` whose directory the RUN removes or mounts.
bool own_cache_folder_handled(const RunInstruction& run, const RunInvocation& ri) {
  const shell::Flag* folder = ri.inv.flag("cache");
  if (folder == nullptr || !folder->value) return false;
  const std::string& dir = *folder->value;
  return mount_covers(run, dir) || removes_path(run, ri.shell, ri.inv.command_index, {dir});
}

void check_yarn(const RuleContext& ctx, const RunInstruction& run, Reporter& reporter) {
  if (yarn_cache_mounted(run)) return;
  const RunInvocation* dirty = nullptr;  // the first install not followed by a clean
  for (const RunInvocation& ri : run.invocations) {
    if (yarn_cleans(ri.inv)) dirty = nullptr;
    if (dirty == nullptr && yarn_installs(ri.inv) && !own_cache_folder_handled(run, ri) &&
        !removes_path(run, ri.shell, ri.inv.command_index, kYarnDirs)) {
      dirty = &ri;
    }
  }
  if (dirty == nullptr || yarn_berry_before(ctx, run)) return;
  std::optional<findings::Fix> fix;
  if (auto edit = append_to_run(run, "yarn cache clean")) {
    fix = findings::Fix{"Append 'yarn cache clean' to the RUN",
                        findings::Applicability::kUnsafe,
                        {std::move(*edit)}};
  }
  const findings::TextEdit head = head_range(*dirty);
  const std::string what = dirty->inv.action.empty() ? "yarn" : "yarn " + dirty->inv.action;
  reporter.report(head.start_byte, head.end_byte,
                  fmt::format("'{}' leaves its package cache in the image; run 'yarn cache "
                              "clean' in the same RUN, or use a cache mount",
                              what),
                  std::move(fix));
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    check_yarn(ctx, run, reporter);
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
       .summary = "Clean the yum/dnf/zypper/yarn cache in the RUN that fills it",
       .severity = Severity::kWarning,
       .aliases = {"DL3032", "DL3036", "DL3040", "DL3060", "DS015", "DS019", "DS020"},
       .fix = FixKind::kSafeOrUnsafe,
       .doc = {.what = "Reports `yum`, `dnf` (`dnf5`, `tdnf`), `microdnf` and `zypper` "
                       "commands that download metadata or packages (`install`, `update`, "
                       "`upgrade`, `makecache`, `zypper in`/`up`/`patch`/`dup`/`refresh`, ...) "
                       "in the stages that end up in the final image, when nothing after them in "
                       "the same RUN cleans the cache: `yum clean all` (any of the three for "
                       "any of them), `zypper clean`/`cc`, `rm -rf /var/cache/yum` "
                       "(`/var/cache/dnf`, `/var/cache/zypp`), or a `RUN --mount=type=cache` "
                       "or tmpfs on that directory. Also `yarn install`, `yarn add` and a bare "
                       "`yarn` without a later `yarn cache clean`, a removal of Yarn's cache "
                       "directory (`/usr/local/share/.cache/yarn`, `~/.cache/yarn`, or the "
                       "`--cache-folder` given) or a cache mount for it (on those directories "
                       "or any target naming yarn). Yarn is left alone after an instruction of "
                       "the stage (or of the stages it is built FROM) that shows a Yarn 2+ "
                       "project (`.yarnrc.yml`, `.pnp.cjs`, `yarn set version`, "
                       "`yarn@4`...): there the cache may hold the application's dependencies.",
               .why = "The repository metadata these tools download is tens to hundreds of "
                      "megabytes, and they may keep the packages too. A clean in a later RUN "
                      "comes too late: the earlier layer already holds the files.",
               .example = "FROM rockylinux:9\nRUN dnf install -y httpd\n",
               .instead = "FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n",
               .fix = "Appends `&& yum clean all` (with the tool the RUN uses; `zypper clean "
                      "--all` for zypper) when the RUN's last command runs unconditionally and "
                      "ends it. Safe: a later install downloads the metadata again. For yarn it "
                      "appends `&& yarn cache clean`, marked unsafe: with Yarn 2+ Plug'n'Play "
                      "the application loads its packages from the cache, which a file copied "
                      "with `COPY . .` does not reveal; with Yarn 1 it is safe."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
