// useradd-without-no-log-init: `useradd` with a high UID (six digits or more) and without
// `-l`/`--no-log-init`, which writes sparse lastlog/faillog records as large as the UID.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// hadolint's threshold: a UID of more than five digits.
constexpr std::size_t kLongUidDigits = 6;

// useradd's short options that take a value (the rest of a cluster is that value).
bool takes_value(char option) {
  return std::string_view("bcdefgGkKpsuZ").find(option) != std::string_view::npos;
}

struct UseraddFacts {
  bool no_log_init = false;
  std::optional<std::string> uid;  // the -u/--uid value as written
};

UseraddFacts read_options(const shell::EffectiveCommand& cmd) {
  UseraddFacts facts;
  for (std::size_t i = 1; i < cmd.size(); ++i) {
    const std::string& v = cmd.words[i]->text();
    const std::optional<std::string> next =
        i + 1 < cmd.size() ? std::optional<std::string>(cmd.words[i + 1]->text()) : std::nullopt;
    if (v == "--") break;
    if (v == "--no-log-init") {
      facts.no_log_init = true;
    } else if (v == "--uid") {
      facts.uid = next;
      ++i;
    } else if (v.starts_with("--uid=")) {
      facts.uid = v.substr(6);
    } else if (v.starts_with("--")) {
      // Long options with a separate value: skip it.
      static constexpr std::string_view kWithValue[] = {
          "--base-dir",     "--comment", "--home-dir", "--expiredate",   "--inactive",
          "--gid",          "--groups",  "--skel",     "--key",          "--password",
          "--shell",        "--root",    "--prefix",   "--selinux-user", "--btrfs-subvolume-home",
          "--selinux-range"};
      if (std::find(std::begin(kWithValue), std::end(kWithValue), v) != std::end(kWithValue)) ++i;
    } else if (v.size() > 1 && v[0] == '-') {
      for (std::size_t k = 1; k < v.size(); ++k) {
        const char o = v[k];
        if (o == 'l') facts.no_log_init = true;
        if (!takes_value(o)) continue;
        const std::string value = v.substr(k + 1);
        if (value.empty()) {
          if (o == 'u') facts.uid = next;
          ++i;
        } else if (o == 'u') {
          facts.uid = value;
        }
        break;
      }
    }
  }
  return facts;
}

bool long_uid(std::string_view uid) {
  return uid.size() >= kLongUidDigits && std::all_of(uid.begin(), uid.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword != "RUN") continue;
    for (const shell::Command& c : sh.script.commands) {
      const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
      if (!cmd || shell::program_name(cmd->program()) != "useradd") continue;
      const UseraddFacts facts = read_options(*cmd);
      if (facts.no_log_init || !facts.uid || !long_uid(*facts.uid)) continue;
      const shell::Word& program = cmd->program();
      if (program.doc.pieces.empty()) continue;
      std::optional<findings::Fix> fix;
      if (program.doc.pieces.size() == 1) {
        const uint32_t end = program.doc.covering.end;
        fix = findings::Fix{
            "Add --no-log-init", findings::Applicability::kSafe, {{end, end, " --no-log-init"}}};
      }
      reporter.report(program.doc.covering.start, program.doc.covering.end,
                      fmt::format("useradd with UID {} and without --no-log-init writes "
                                  "lastlog and faillog records sized by the UID, which can add "
                                  "gigabytes to the layer; add --no-log-init (-l)",
                                  *facts.uid),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_useradd_without_no_log_init() {
  static const Rule rule{
      {.slug = "useradd-without-no-log-init",
       .summary = "Use useradd --no-log-init with a high UID",
       .severity = Severity::kWarning,
       .aliases = {"DL3046"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `useradd` in `RUN` (also through `sudo`) when it sets a UID of "
                       "six digits or more (`-u 100000`, `--uid=123456`, `-ou 200000`) and has "
                       "neither `-l` nor `--no-log-init`. Smaller UIDs and UIDs from variables "
                       "are not reported.",
               .why = "Without `--no-log-init`, `useradd` reserves the new user's records in "
                      "`/var/log/lastlog` and `/var/log/faillog` at an offset proportional to "
                      "the UID. On disk that is a sparse file, but image layers store it "
                      "whole: a UID of 1000000 adds about 300 MB to the layer.",
               .example = "FROM debian:12\nRUN useradd -u 1000000 app\n",
               .instead = "FROM debian:12\nRUN useradd --no-log-init -u 1000000 app\n",
               .fix = "Inserts `--no-log-init` after `useradd`. Safe: the user is created the "
                      "same way; only its empty login-history records are not written."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
