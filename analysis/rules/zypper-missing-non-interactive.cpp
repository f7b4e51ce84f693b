// zypper-missing-non-interactive: a zypper command that asks for confirmation, without the
// global `-n`/`--non-interactive` or the command's `-y`/`--no-confirm`.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Commands that show what they will change and ask "Continue? [y/n/...]".
bool asks(std::string_view action) {
  return one_of(action,
                {"install", "in", "remove", "rm", "update", "up", "patch", "dist-upgrade", "dup",
                 "source-install", "si", "install-new-recommends", "inr", "verify", "ve"});
}

// Whether the flag is written before the command word: only there is `-n` the global
// --non-interactive (after `install` it is `--name`).
bool before_action(const shell::Invocation& inv, const shell::Flag& f) {
  return inv.action_span && f.span.range.start < inv.action_span->range.start;
}

bool answered(const shell::Invocation& inv) {
  for (const shell::Flag& f : inv.flags) {
    if (f.canonical == "yes") return true;  // -y, --no-confirm
    if (f.spelling == "--non-interactive") return true;
    if (f.spelling == "-n" && before_action(inv, f)) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (inv.manager != shell::Manager::kZypper || !asks(inv.action) || answered(inv)) continue;
      if (ri.command().pipe_stage > 0) continue;  // `yes | zypper install x`
      std::optional<findings::Fix> fix;
      if (const shell::Word* action = action_word(ri);
          action != nullptr && !action->doc.pieces.empty()) {
        const uint32_t at = action->doc.covering.start;
        fix = findings::Fix{
            "Add -n (--non-interactive)", findings::Applicability::kSafe, {{at, at, "-n "}}};
      }
      const findings::TextEdit head = head_range(ri);
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'zypper {}' without -n (--non-interactive) asks for a "
                                  "confirmation that a build cannot give, and fails",
                                  inv.action),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_zypper_missing_non_interactive() {
  static const Rule rule{
      {.slug = "zypper-missing-non-interactive",
       .summary = "Use `zypper -n` (--non-interactive)",
       .severity = Severity::kWarning,
       .aliases = {"DL3034"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports zypper commands that ask for confirmation (`install`/`in`, "
                       "`remove`/`rm`, `update`/`up`, `patch`, `dist-upgrade`/`dup`, "
                       "`source-install`/`si`, `install-new-recommends`, `verify`) without the "
                       "global `-n`/`--non-interactive` (written before the command) or the "
                       "command's `-y`/`--no-confirm`. A `-n` after the command does not "
                       "count: there it is `--name`. Not reported: a command whose standard "
                       "input is a pipe.",
               .why = "A build has no terminal: zypper stops at \"Continue? [y/n/...]\", "
                      "fails with \"Cannot read input: bad stream or EOF\", and the build "
                      "fails with it.",
               .example = "FROM opensuse/leap:15.6\nRUN zypper install curl && zypper clean "
                          "--all\n",
               .instead = "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper -n "
                          "clean --all\n",
               .fix = "Inserts the global `-n` right before the command (`zypper -n install`), "
                      "which works for every zypper command. Safe: zypper then takes the "
                      "default answers, which for these questions is to go ahead (packages whose "
                      "license must be accepted also need `--auto-agree-with-licenses`, which "
                      "the fix does not add)."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
