// chmod-world-writable: `chmod` (in RUN) or `COPY/ADD --chmod` giving write permission to
// others: numeric modes whose last digit has the write bit (777, 666, 0757), symbolic modes
// adding or setting `w` for `o` or `a` (o+w, a+rwx, ugo=rwx). Modes with the sticky bit
// (1777, +t) are the usual shared temporary directory and are left alone.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

bool numeric_world_writable(std::string_view mode) {
  if (mode.size() < 3 || mode.size() > 4) return false;
  if (!std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; })) {
    return false;
  }
  // The sticky bit (1xxx): a shared directory such as /tmp, where that is the point.
  if (mode.size() == 4 && ((mode[0] - '0') & 1) != 0) return false;
  return ((mode.back() - '0') & 2) != 0;
}

// Symbolic modes: comma-separated clauses `[ugoa]*[-+=][rwxXst]*...`.
bool symbolic_world_writable(std::string_view mode) {
  if (mode.empty() || std::isdigit(static_cast<unsigned char>(mode.front()))) return false;
  bool writable = false;
  bool sticky = false;
  std::size_t start = 0;
  while (start <= mode.size()) {
    const std::size_t comma = std::min(mode.find(',', start), mode.size());
    const std::string_view clause = mode.substr(start, comma - start);
    const std::size_t op = clause.find_first_of("+-=");
    if (op == std::string_view::npos) return false;  // not a mode
    const std::string_view who = clause.substr(0, op);
    if (who.find_first_not_of("ugoa") != std::string_view::npos) return false;
    const bool others = who.find_first_of("oa") != std::string_view::npos;
    // Further operators in the same clause (`u+x-w`) apply to the same users.
    std::size_t i = op;
    while (i < clause.size()) {
      const char oper = clause[i];
      const std::size_t next = std::min(clause.find_first_of("+-=", i + 1), clause.size());
      const std::string_view perms = clause.substr(i + 1, next - i - 1);
      if (perms.find_first_not_of("rwxXstugo") != std::string_view::npos) return false;
      const bool w = perms.find('w') != std::string_view::npos;
      if (others && w && (oper == '+' || oper == '=')) writable = true;
      if (others && w && oper == '-') writable = false;
      if (perms.find('t') != std::string_view::npos && oper != '-') sticky = true;
      i = next;
    }
    start = comma + 1;
  }
  return writable && !sticky;
}

bool world_writable(std::string_view mode) {
  return numeric_world_writable(mode) || symbolic_world_writable(mode);
}

void report_mode(Reporter& reporter, const shell::Word& w, std::string_view program,
                 bool recursive) {
  if (w.doc.pieces.empty()) return;
  reporter.report(w.doc.covering.start, w.doc.covering.end,
                  fmt::format("{} {} makes files writable by every user{}; grant write access "
                              "to the owner or group that needs it",
                              program, *w.value, recursive ? ", recursively" : ""));
}

// `chmod [options] MODE file...` from words[first] (the word after `chmod`).
void check_chmod_words(Reporter& reporter, const std::vector<const shell::Word*>& words,
                       std::size_t first) {
  bool recursive = false;
  // GNU chmod also takes its options after the operands (`chmod a+w . -R`).
  for (std::size_t i = first; i < words.size(); ++i) {
    const std::string& v = words[i]->text();
    if (v == "--") break;
    recursive |= v == "-R" || v == "--recursive";
  }
  for (std::size_t i = first; i < words.size(); ++i) {
    const shell::Word& w = *words[i];
    if (!w.is_static()) return;  // the mode is only known at run time
    const std::string& v = *w.value;
    if (v == "-R" || v == "--recursive" ||
        (v.size() > 1 && v[0] == '-' && v[1] != '-' && v.find('R') != std::string::npos &&
         v.find_first_not_of("-RcfvHLP") == std::string::npos)) {
      recursive = true;
      continue;
    }
    if (v.starts_with("--")) continue;
    // `chmod -w file` is a mode, not an option; anything else starting with `-` is one.
    if (v.starts_with('-') && !symbolic_world_writable(v)) continue;
    // The first operand is the mode.
    if (world_writable(v)) report_mode(reporter, w, "chmod", recursive);
    return;
  }
}

// `mkdir -m MODE`, `install -m MODE` (also `-mMODE`, `--mode=MODE`, `--mode MODE`).
void check_mode_option(Reporter& reporter, const shell::EffectiveCommand& cmd,
                       std::string_view program) {
  for (std::size_t i = 1; i < cmd.size(); ++i) {
    const shell::Word& w = *cmd.words[i];
    if (!w.is_static()) continue;
    const std::string& v = *w.value;
    if (v == "--") return;
    const bool separate = v == "-m" || v == "--mode";
    if (separate && i + 1 < cmd.size()) {
      const shell::Word& value = *cmd.words[i + 1];
      if (value.is_static() && world_writable(*value.value)) {
        report_mode(reporter, value, program, false);
      }
      return;
    }
    // Attached values: only the mode's own characters are underlined through the word.
    std::string_view attached;
    if (v.starts_with("--mode=")) attached = std::string_view(v).substr(7);
    if (v.size() > 2 && v.starts_with("-m")) attached = std::string_view(v).substr(2);
    if (!attached.empty() && world_writable(attached) && !w.doc.pieces.empty()) {
      reporter.report(w.doc.covering.start, w.doc.covering.end,
                      fmt::format("{} {} makes files writable by every user; grant write "
                                  "access to the owner or group that needs it",
                                  program, v));
      return;
    }
  }
}

void check_chmod(const RuleContext& ctx, Reporter& reporter) {
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword != "RUN") continue;
    for (const shell::Command& c : sh.script.commands) {
      const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
      if (!cmd) continue;
      const std::string_view program = shell::program_name(cmd->program());
      if (program == "chmod") {
        check_chmod_words(reporter, cmd->words, 1);
      } else if (program == "mkdir" || program == "install") {
        check_mode_option(reporter, *cmd, program);
      } else if (program == "find" || program == "xargs") {
        // `find ... -exec chmod MODE {} +`, `... | xargs chmod MODE`.
        for (std::size_t i = 1; i < cmd->size(); ++i) {
          const shell::Word& w = *cmd->words[i];
          if (!w.is_static() || shell::program_name(w) != "chmod") continue;
          const bool exec =
              program == "xargs" || (i > 1 && (cmd->words[i - 1]->text() == "-exec" ||
                                               cmd->words[i - 1]->text() == "-execdir"));
          if (exec) check_chmod_words(reporter, cmd->words, i + 1);
        }
      }
    }
  }
}

void check_copy_chmod(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    const std::optional<FlagRef> flag = find_flag(ctx.document(), i, "chmod");
    if (!flag || ts_node_is_null(flag->value) || contains_expansion(flag->value)) continue;
    const std::string_view mode = strip_quotes(ctx.text(flag->value));
    if (!world_writable(mode)) continue;
    reporter.report(flag->value,
                    fmt::format("{} --chmod={} makes the copied files writable by every user; "
                                "grant write access to the owner or group that needs it",
                                instruction_name(i), mode));
  }
}

void check(const RuleContext& ctx, Reporter& reporter) {
  check_chmod(ctx, reporter);
  check_copy_chmod(ctx, reporter);
}

}  // namespace

const Rule& rule_chmod_world_writable() {
  static const Rule rule{
      {.slug = "chmod-world-writable",
       .summary = "Do not make files writable by every user",
       .severity = Severity::kWarning,
       .doc = {.what = "Reports the mode of a `chmod` in `RUN` (also through `sudo`, with or "
                       "without `-R`) and of `COPY --chmod`/`ADD --chmod`, of `chmod` run by `find "
                       "-exec` or `xargs`, and of `mkdir -m` / "
                       "`install -m`, when it gives others "
                       "write permission: numeric modes whose last digit has the write bit "
                       "(`777`, `666`, `0757`) and symbolic modes adding or setting `w` for "
                       "`o` or `a` (`o+w`, `a+rwx`, `ugo=rwx`). Modes that also set the sticky "
                       "bit (`1777`, `a+rwxt`), the usual shared temporary directory, and modes "
                       "from variables are not reported. `+w` without a user class follows the "
                       "umask and is not reported.",
               .why = "A world-writable file or directory can be changed by any process in "
                      "the container, whatever its user: an attacker who gets the least "
                      "privileged foothold can replace programs, configuration or data that "
                      "others trust. `chmod -R 777` is usually a workaround for a wrong owner; "
                      "fix the owner (`COPY --chown`, `chown`) instead.",
               .example = "FROM node:22-slim\nCOPY . /app\nRUN chmod -R 777 /app\n",
               .instead = "FROM node:22-slim\nCOPY --chown=node:node . /app\nRUN chmod -R "
                          "u+rwX,go+rX /app\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
