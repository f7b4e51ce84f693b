// yum-missing-yes: a yum, dnf or microdnf command that asks for confirmation, without `-y`.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/node_util.h"
#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

using shell::Manager;

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool is_rpm_front_end(Manager m) {
  return m == Manager::kYum || m == Manager::kDnf || m == Manager::kMicrodnf;
}

// Subcommands that show a transaction and ask "Is this ok [y/N]".
bool asks(const shell::Invocation& inv) {
  const std::string& a = inv.action;
  if (one_of(a, {"install",
                 "reinstall",
                 "downgrade",
                 "update",
                 "upgrade",
                 "update-minimal",
                 "upgrade-minimal",
                 "update-to",
                 "upgrade-to",
                 "remove",
                 "erase",
                 "autoremove",
                 "distro-sync",
                 "distribution-synchronization",
                 "groupinstall",
                 "groupupdate",
                 "groupremove",
                 "groupupgrade",
                 "localinstall",
                 "localupdate",
                 "swap",
                 "builddep"})) {
    return true;
  }
  // `dnf group install x`, `dnf module enable x:1`: the first operand is the subcommand.
  if (a != "group" && a != "groups" && a != "module") return false;
  const std::vector<shell::Span>& args = inv.operands;
  if (args.empty()) return false;
  const std::string& sub = args.front().text;
  if (a == "module") {
    return one_of(
        sub, {"install", "enable", "disable", "reset", "remove", "update", "switch-to", "upgrade"});
  }
  return one_of(sub, {"install", "remove", "update", "upgrade"});
}

// `-y`, `--assumeyes` (also dnf5's `--yes`), `--assumeno` (answers itself),
// `--setopt=assumeyes=1`.
bool answered(const shell::Invocation& inv) {
  for (const shell::Flag& f : inv.flags) {
    if (f.canonical == "yes" || f.spelling == "--yes" || f.spelling == "--assumeno") return true;
    if (f.canonical == "setopt" && f.value) {
      const std::string v = ascii_lower(strip_quotes(*f.value));
      for (std::string_view on :
           {"assumeyes=1", "assumeyes=true", "assumeyes=yes", "assumeyes=on"}) {
        if (v == on) return true;
      }
    }
  }
  return false;
}

// An earlier instruction writes `assumeyes` into a yum/dnf configuration file
// (`echo assumeyes=1 >> /etc/dnf/dnf.conf`), so every later command answers yes.
struct AssumeYesConfigured {
  uint32_t first = UINT32_MAX;  // start byte of the first such instruction
};

bool configured_before(const RuleContext& ctx, TSNode node) {
  const auto& found = ctx.shared_fact<AssumeYesConfigured>([&] {
    AssumeYesConfigured c;
    for (TSNode i : ctx.instructions()) {
      // The file names first: their '.' makes them the quick search (syntax::icontains), and
      // this runs over every instruction at every analysis.
      const std::string_view text = ctx.text(i);
      if (!syntax::icontains(text, "dnf.conf") && !syntax::icontains(text, "yum.conf")) continue;
      if (!syntax::icontains(text, "assumeyes")) continue;
      c.first = ts_node_start_byte(i);
      break;
    }
    return c;
  });
  return found.first < ts_node_start_byte(node);
}

// ` -y` after the subcommand: after `install` in `dnf group install x`, else after the action.
std::optional<findings::TextEdit> insert_y(const RunInvocation& ri) {
  const std::string& a = ri.inv.action;
  if (a != "group" && a != "groups" && a != "module") return insert_after_action(ri, " -y");
  const shell::Span& sub = ri.inv.operands.front();
  if (sub.doc.pieces.empty()) return std::nullopt;
  return findings::TextEdit{sub.doc.covering.end, sub.doc.covering.end, " -y"};
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (configured_before(ctx, run.node)) continue;
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (!is_rpm_front_end(inv.manager) || !asks(inv) || answered(inv)) continue;
      // `yes | yum install x` answers on standard input.
      if (ri.command().pipe_stage > 0) continue;
      std::optional<findings::Fix> fix;
      if (auto edit = insert_y(ri)) {
        fix = findings::Fix{"Add -y", findings::Applicability::kSafe, {std::move(*edit)}};
      }
      const findings::TextEdit head = head_range(ri);
      std::string what = program_of(ri.command()) + " " + inv.action;
      if (inv.action == "group" || inv.action == "groups" || inv.action == "module") {
        what += " " + inv.operands.front().text;  // `dnf group install`
      }
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'{}' without -y waits for a confirmation that a build "
                                  "cannot give: the build fails (or, with microdnf, hangs)",
                                  what),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_yum_missing_yes() {
  static const Rule rule{
      {.slug = "yum-missing-yes",
       .summary = "Use `yum`/`dnf`/`microdnf install -y`",
       .severity = Severity::kWarning,
       .aliases = {"DL3030", "DL3038"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `yum`, `dnf` (`dnf5`, `tdnf`) and `microdnf` commands that "
                       "show a transaction and ask for confirmation (`install`, `reinstall`, "
                       "`update`/`upgrade`, `remove`/`erase`, `autoremove`, `downgrade`, "
                       "`distro-sync`, `swap`, `builddep`, `groupinstall`, `group install`, "
                       "`module enable`/`install`, ...) without `-y`/`--assumeyes` or "
                       "`--setopt=assumeyes=1`. Not reported: `--assumeno`, a command whose "
                       "standard input is a pipe (`yes | yum install x`), and files where an "
                       "earlier instruction writes `assumeyes` into `yum.conf` or `dnf.conf`.",
               .why = "A build has no terminal: when yum or dnf asks \"Is this ok [y/N]\" it "
                      "reads end of input, takes it as no, and the build fails. microdnf asked "
                      "nothing in its first releases; since early 2021 (the microdnf of UBI 9 "
                      "and of current UBI 8) it asks like dnf unless given `-y` or configured "
                      "with `assumeyes`, and at end of input it keeps waiting for an answer, "
                      "so the build hangs until it times out.",
               .example = "FROM rockylinux:9-minimal\nRUN microdnf install httpd && microdnf "
                          "clean all\n",
               .instead = "FROM rockylinux:9-minimal\nRUN microdnf install -y httpd && "
                          "microdnf clean all\n",
               .fix = "Inserts `-y` after the subcommand. Safe: it answers the question the "
                      "build could not answer, which the author meant to."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
