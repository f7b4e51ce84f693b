// apt-missing-yes: an apt-get command that may ask for confirmation, without `-y`.
#include <fmt/format.h>

#include <cstdlib>

#include "rules/node_util.h"
#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

bool is_apt(shell::Manager m) { return m == shell::Manager::kAptGet || m == shell::Manager::kApt; }

bool prompts(std::string_view action) {
  for (std::string_view a : {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade",
                             "remove", "purge", "autoremove", "build-dep"}) {
    if (action == a) return true;
  }
  return false;
}

// `-y`, `-qq` or `-q=2` (quiet level 2 implies -y), `-o APT::Get::Assume-Yes=true`.
bool assumes_yes(const shell::Invocation& inv) {
  int quiet = 0;
  for (const shell::Flag& f : inv.flags) {
    if (f.canonical == "yes") return true;
    if (f.canonical == "quiet") quiet += f.value ? std::atoi(f.value->c_str()) : 1;
    if (f.canonical == "option" && f.value) {
      const std::string v = ascii_lower(*f.value);
      const std::size_t eq = v.find('=');
      if (eq == std::string::npos || v.substr(0, eq) != "apt::get::assume-yes") continue;
      const std::string_view value = strip_quotes(std::string_view(v).substr(eq + 1));
      if (value == "true" || value == "1" || value == "yes") return true;
    }
  }
  return quiet >= 2;
}

// `-s`/`--simulate` (and its aliases) only print what would happen, without asking.
bool simulates(const shell::Invocation& inv) {
  for (std::string_view f :
       {"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"}) {
    if (inv.has_flag(f)) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    // APT configured to assume yes by an earlier instruction (a file in apt.conf.d).
    if (configured_before(ctx, run.node, "assume-yes")) continue;
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (!is_apt(inv.manager) || !prompts(inv.action) || assumes_yes(inv)) continue;
      if (simulates(inv)) continue;
      // `yes | apt-get install x` answers on standard input.
      if (ri.command().pipe_stage > 0) continue;
      std::optional<findings::Fix> fix;
      if (auto edit = insert_after_action(ri, " -y")) {
        fix = findings::Fix{"Add -y", findings::Applicability::kSafe, {std::move(*edit)}};
      }
      const findings::TextEdit head = head_range(ri);
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'{} {}' without -y waits for a confirmation that a build "
                                  "cannot give, and aborts",
                                  shell::manager_name(inv.manager), inv.action),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_apt_missing_yes() {
  static const Rule rule{
      {.slug = "apt-missing-yes",
       .summary = "Use `apt-get install -y`",
       .severity = Severity::kWarning,
       .aliases = {"DL3014", "DS021"},
       .fix = FixKind::kSafe,
       .doc = {.what =
                   "Reports `apt-get` and `apt` commands that may ask for confirmation "
                   "(`install`, `reinstall`, `upgrade`, `dist-upgrade`, `full-upgrade`, "
                   "`remove`, `purge`, `autoremove`, `build-dep`) without `-y`/`--yes`/"
                   "`--assume-yes`, `-qq` (which implies it) or `-o "
                   "APT::Get::Assume-Yes=true`. Not reported: simulations (`-s`), a command "
                   "whose standard input is a pipe (`yes | apt-get install x`), and files where an "
                   "earlier instruction configures `Assume-Yes`.",
               .why = "A build has no terminal: when APT asks \"Do you want to continue?\" it "
                      "reads end of file and aborts, so the build fails as soon as a package "
                      "pulls in a dependency, often long after the line was written.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .fix = "Inserts `-y` after the action. Safe: it answers the question the build "
                      "could not answer, which the author meant to."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
