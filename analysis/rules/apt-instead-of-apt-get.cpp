// apt-instead-of-apt-get: `apt`, the interactive front end, in a build script.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

#include "rules/package_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// How an `apt` subcommand is written with apt-get.
struct Equivalent {
  std::string_view action;  // apt-get's name for it
  std::string_view extra;   // an option restoring apt's behaviour ("" when none is needed)
  bool downloads_packages;  // apt deletes downloaded .deb files afterwards, apt-get keeps them
};

std::optional<Equivalent> apt_get_equivalent(std::string_view action) {
  // Same meaning and same files left behind.
  for (std::string_view same : {"update", "remove", "purge", "autoremove", "clean", "autoclean",
                                "source", "download", "changelog"}) {
    if (action == same) return Equivalent{same, "", false};
  }
  // Same resolution; apt-get keeps the downloaded packages (see the doc).
  for (std::string_view same : {"install", "dist-upgrade", "build-dep"}) {
    if (action == same) return Equivalent{same, "", true};
  }
  if (action == "full-upgrade") return Equivalent{"dist-upgrade", "", true};
  // `apt upgrade` installs new dependencies; plain `apt-get upgrade` holds such packages back.
  if (action == "upgrade") return Equivalent{"upgrade", " --with-new-pkgs", true};
  return std::nullopt;
}

// The apt-cache command for apt's query subcommands, for the message.
std::optional<std::string_view> apt_cache_equivalent(std::string_view action) {
  for (std::string_view q : {"search", "show", "policy", "depends", "rdepends", "showsrc"}) {
    if (action == q) return q;
  }
  return std::nullopt;
}

// Replaces the program word `apt` (or a path ending in `/apt`) and, when apt-get spells the
// action differently, the action word.
std::optional<findings::Fix> fix_for(const RunInvocation& ri, const Equivalent& eq) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(ri.command());
  if (!cmd) return std::nullopt;
  const shell::Word& program = cmd->program();
  if (!program.value || *program.value != program.raw || program.doc.pieces.size() != 1 ||
      !program.raw.ends_with("apt")) {
    return std::nullopt;
  }
  findings::Fix fix{
      fmt::format("Use 'apt-get {}{}'", eq.action, eq.extra),
      eq.downloads_packages ? findings::Applicability::kUnsafe : findings::Applicability::kSafe,
      {{program.doc.covering.end, program.doc.covering.end, "-get"}}};
  if (eq.action != ri.inv.action || !eq.extra.empty()) {
    const shell::Word* action = action_word(ri);
    if (action == nullptr || action->doc.pieces.size() != 1) return std::nullopt;
    if (eq.action != ri.inv.action) {
      fix.edits.push_back(
          {action->doc.covering.start, action->doc.covering.end, std::string(eq.action)});
    } else {
      fix.edits.push_back(
          {action->doc.covering.end, action->doc.covering.end, std::string(eq.extra)});
    }
  }
  return fix;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      if (ri.inv.manager != shell::Manager::kApt || ri.inv.action.empty()) continue;
      const findings::TextEdit head = head_range(ri);
      const std::string_view action = ri.inv.action;
      if (const std::optional<Equivalent> eq = apt_get_equivalent(action)) {
        reporter.report(head.start_byte, head.end_byte,
                        fmt::format("'apt {}': apt is meant for terminals and its command line "
                                    "is not stable for scripts; use 'apt-get {}{}'",
                                    action, eq->action, eq->extra),
                        fix_for(ri, *eq));
      } else if (const std::optional<std::string_view> q = apt_cache_equivalent(action)) {
        reporter.report(head.start_byte, head.end_byte,
                        fmt::format("'apt {}': apt is meant for terminals and its command line "
                                    "is not stable for scripts; use 'apt-cache {}'",
                                    action, *q));
      } else {
        reporter.report(head.start_byte, head.end_byte,
                        fmt::format("'apt {}': apt is meant for terminals and its command line "
                                    "is not stable for scripts; use apt-get, apt-cache or "
                                    "apt-mark",
                                    action));
      }
    }
  }
}

}  // namespace

const Rule& rule_apt_instead_of_apt_get() {
  static const Rule rule{
      {.slug = "apt-instead-of-apt-get",
       .summary = "Use apt-get (or apt-cache) rather than apt in RUN",
       .severity = Severity::kWarning,
       .aliases = {"DL3027", "CKV_DOCKER_9"},
       .fix = FixKind::kSafeOrUnsafe,
       .doc = {.what = "Reports `apt` commands in RUN (also in heredoc scripts), with the "
                       "apt-get (or apt-cache) command to use instead.",
               .why = "`apt` is the front end for people at a terminal: its output, defaults "
                      "and options may change between releases (it prints \"apt does not have "
                      "a stable CLI interface. Use with caution in scripts\" when it is not on "
                      "a terminal). `apt-get` and `apt-cache` keep a stable interface for "
                      "scripts, which is what a Dockerfile is.",
               .example = "FROM debian:bookworm-slim\nRUN apt update && apt install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .fix = "Replaces `apt` with `apt-get` for the subcommands apt-get has with the "
                      "same meaning: `full-upgrade` becomes `dist-upgrade`, and `upgrade` "
                      "becomes `upgrade --with-new-pkgs` (apt's upgrade installs new "
                      "dependencies, apt-get's holds those packages back). Safe for `update`, "
                      "`remove`, `purge`, `autoremove`, `clean`, `autoclean`, `source`, "
                      "`download` and `changelog`. Unsafe for `install`, `upgrade`, "
                      "`full-upgrade`/`dist-upgrade` and `build-dep`: apt deletes the "
                      "downloaded `.deb` files after a successful install and apt-get keeps "
                      "them in /var/cache/apt/archives, so on a base image that does not clean "
                      "that cache itself (the official Debian and Ubuntu images do) the layer "
                      "grows. Query subcommands (`search`, `show`, `policy`, ...) are reported "
                      "with their apt-cache form but not fixed; `list` and others without an "
                      "equivalent are only reported."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
