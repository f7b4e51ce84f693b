// sudo-usage: `sudo` in RUN (also in heredoc scripts and under ONBUILD).
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// Removing a bare `sudo ` (no options) on one line: the command then runs as the USER in force.
std::optional<findings::Fix> removal(const RuleContext& ctx, const shell::Word& sudo,
                                     const shell::Word& next) {
  if (sudo.doc.pieces.size() != 1 || next.doc.pieces.empty() || next.raw.starts_with('-')) {
    return std::nullopt;
  }
  const uint32_t start = sudo.doc.covering.start;
  const uint32_t end = next.doc.pieces.front().start;
  const std::string_view gap = std::string_view(ctx.document().text())
                                   .substr(sudo.doc.covering.end, end - sudo.doc.covering.end);
  if (gap.empty() || gap.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
  return findings::Fix{"Remove sudo", findings::Applicability::kUnsafe, {{start, end, ""}}};
}

// The user of `sudo -u <user>` (or `--user=<user>`, `-u<user>`) among sudo's options.
std::optional<std::string> target_user(const shell::Command& c) {
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const std::string& a = c.args[i].text();
    if (!a.starts_with('-') || a == "--") break;
    if ((a == "-u" || a == "--user") && i + 1 < c.args.size()) return c.args[i + 1].text();
    if (a.starts_with("--user=")) return a.substr(7);
    if (a.starts_with("-u") && a.size() > 2) return a.substr(2);
  }
  return std::nullopt;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword != "RUN") continue;
    for (const shell::Command& c : sh.script.commands) {
      if (!c.name || !c.name->is_static() || c.name->doc.pieces.empty()) continue;
      if (shell::program_name(*c.name) != "sudo") continue;
      std::optional<findings::Fix> fix;
      // Without sudo the command would run as a known non-root USER and fail: no fix then.
      const model::InstructionInfo* info =
          ctx.model().instruction_at(ts_node_start_byte(sh.source.instruction));
      const bool non_root = info != nullptr && info->user.known() && !info->user.is_root();
      if (!c.args.empty() && !non_root) fix = removal(ctx, *c.name, c.args.front());
      const std::optional<std::string> user = target_user(c);
      reporter.report(c.name->doc.covering.start, c.name->doc.covering.end,
                      user ? fmt::format("sudo -u {0} in RUN: run these steps in a RUN after "
                                         "USER {0} instead; sudo leaves a setuid program and "
                                         "a sudoers policy in the image",
                                         *user)
                           : std::string("sudo in RUN: build steps run as the USER in force; "
                                         "switch with USER root (and back) instead of relying "
                                         "on sudo"),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_sudo_usage() {
  static const Rule rule{
      {.slug = "sudo-usage",
       .summary = "Do not use sudo in RUN",
       .severity = Severity::kWarning,
       .aliases = {"DL3004", "DS010", "CKV2_DOCKER_1"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports `sudo` run as a command in `RUN` (shell form, heredoc scripts, "
                       "`ONBUILD RUN`), also inside `&&` chains, pipelines and subshells. The "
                       "word `sudo` as an argument (`apt-get install sudo`, `command -v sudo`) "
                       "is not reported.",
               .why = "`sudo` has unpredictable TTY and signal behaviour, resets the "
                      "environment (proxies, PATH), and needs a sudoers configuration that "
                      "leaves a privilege-escalation path in the image. Build steps run as the "
                      "user of the last `USER`: switch to root with `USER root` for the steps "
                      "that need it, then back to the unprivileged user.",
               .example = "FROM ubuntu:24.04\nRUN sudo apt-get update\n",
               .instead = "FROM ubuntu:24.04\nUSER root\nRUN apt-get update\nUSER 10001\n",
               .fix = "Removes a bare `sudo ` (without options) in front of a command on the "
                      "same line. Unsafe: the command then runs as the `USER` in force and "
                      "keeps the environment sudo would have reset. Not offered when the `USER` "
                      "in force is known not to be root, where the step would fail."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
