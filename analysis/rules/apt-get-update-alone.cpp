// apt-get-update-alone: a RUN whose `apt-get update` is not followed by anything that uses the
// lists it downloads, so a later RUN installs from a cached, outdated copy.
#include <fmt/format.h>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

bool is_apt(shell::Manager m) { return m == shell::Manager::kAptGet || m == shell::Manager::kApt; }

// Commands that may follow an update without using the lists.
bool harmless(const shell::Command& c) {
  if (!c.name) return true;  // a bare assignment
  const std::string p = program_of(c);
  return p == "rm" || p == "true" || p == ":" || p == "echo" || p == "printf" || p == "set" ||
         p == "export" || p == "exit";
}

bool harmless_apt(const shell::Invocation& inv) {
  return inv.action == "update" || inv.action == "clean" || inv.action == "autoclean" ||
         inv.action == "dist-clean" || inv.action == "distclean";
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    const RunInvocation* update = nullptr;
    for (const RunInvocation& ri : run.invocations) {
      if (is_apt(ri.inv.manager) && ri.inv.action == "update") {
        update = &ri;
        break;
      }
    }
    if (update == nullptr) continue;
    bool alone = true;
    bool started = false;
    for (const shell::AnalyzedShell* sh : run.shells) {
      started |= sh == update->shell;
      if (!started) continue;
      const auto& commands = sh->script.commands;
      for (std::size_t i = sh == update->shell ? update->inv.command_index + 1 : 0;
           i < commands.size() && alone; ++i) {
        if (harmless(commands[i])) continue;
        const std::optional<shell::Invocation> inv =
            shell::recognize_invocation(sh->script, i, sh->source.map);
        alone = inv && is_apt(inv->manager) && harmless_apt(*inv);
      }
    }
    if (!alone) continue;
    const findings::TextEdit head = head_range(*update);
    reporter.report(head.start_byte, head.end_byte,
                    fmt::format("'{} update' alone in a RUN: its layer is cached, so a later "
                                "RUN installs from outdated package lists; update and install "
                                "in the same RUN",
                                shell::manager_name(update->inv.manager)));
  }
}

}  // namespace

const Rule& rule_apt_get_update_alone() {
  static const Rule rule{
      {.slug = "apt-get-update-alone",
       .summary = "Run `apt-get update` in the same RUN as `apt-get install`",
       .severity = Severity::kWarning,
       .aliases = {"DS017", "CKV_DOCKER_5"},
       .fix = FixKind::kNone,
       .doc = {.what = "Reports a RUN that runs `apt-get update` (or `apt update`) and then "
                       "nothing that uses the package lists: only removals of files, `apt-get "
                       "clean`, `echo` and the like, or nothing at all. Any other command after "
                       "the update (an install, an upgrade, a script) makes the RUN fine.",
               .why = "The builder caches each RUN by its text. `RUN apt-get update` alone is "
                      "never run again while its text is unchanged, so a later `RUN apt-get "
                      "install` added or edited months afterwards installs from lists that are "
                      "months old: versions that no longer exist on the mirror (the build "
                      "fails) or that miss security updates.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
