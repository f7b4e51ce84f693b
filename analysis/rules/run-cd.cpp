// run-cd: a RUN whose whole command, or the first command of its chain, is `cd <dir>`: the
// directory change ends with the RUN, and WORKDIR says it once for the instructions after.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

bool top_level(const shell::Command& c) {
  return !c.in_subshell && !c.in_substitution && !c.in_function && !c.conditional;
}

std::string_view trim_slash(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  return path;
}

// The RUN only visits the directory: it removes it afterwards, or goes back (`cd -`, `cd /`).
bool temporary_visit(const shell::Script& script, std::size_t after, std::string_view target) {
  for (std::size_t i = after; i < script.commands.size(); ++i) {
    const shell::Command& c = script.commands[i];
    if (!c.name) continue;
    const std::string_view name = shell::program_name(*c.name);
    if (name == "rm") {
      for (const shell::Word& a : c.args) {
        if (trim_slash(a.text()) == trim_slash(target)) return true;
      }
    }
    if (name == "cd" && top_level(c) && !c.args.empty()) {
      const std::string& to = c.args.front().text();
      if (to == "-" || to == "/" || to == "$OLDPWD" || to == "\"$OLDPWD\"") return true;
    }
    if ((name == "popd") && top_level(c)) return true;
  }
  return false;
}

// True when `dir` is where a `RUN --mount` of this RUN is mounted: it exists only during the
// RUN, so WORKDIR cannot replace the cd.
bool mount_target(const RuleContext& ctx, TSNode run, std::string_view dir) {
  for (TSNode flag : syntax::flags(ctx.document(), run)) {
    std::string_view text = ctx.text(flag);
    if (!text.starts_with("--mount=")) continue;
    text.remove_prefix(8);
    while (!text.empty()) {
      const std::size_t comma = std::min(text.find(','), text.size());
      std::string_view option = strip_quotes(text.substr(0, comma));
      for (std::string_view key : {"target=", "dst=", "destination="}) {
        if (option.starts_with(key) && trim_slash(option.substr(key.size())) == trim_slash(dir)) {
          return true;
        }
      }
      text.remove_prefix(std::min(comma + 1, text.size()));
    }
  }
  return false;
}

// `WORKDIR <dir>` before the RUN, and the `cd <dir> && ` (or the whole RUN) removed.
std::optional<findings::Fix> to_workdir(const RuleContext& ctx, const shell::AnalyzedShell& sh,
                                        const shell::Command& cd, const shell::Command* next) {
  const shell::Word& target = cd.args.front();
  if (sh.source.kind != shell::SourceKind::kCommandLine || sh.source.onbuild ||
      !target.is_static() || *target.value != target.raw ||
      target.raw.find_first_of(" \t\"'\\`") != std::string::npos ||
      cd.name->doc.pieces.size() != 1 || target.doc.pieces.size() != 1) {
    return std::nullopt;
  }
  const TSNode run = sh.source.instruction;
  const uint32_t run_start = ts_node_start_byte(run);
  const std::string& text = ctx.document().text();
  const uint32_t line_start =
      ctx.document().line_start(ctx.document().line_col(run_start).line - 1);
  const std::string indent = text.substr(line_start, run_start - line_start);
  if (indent.find_first_not_of(" \t") != std::string::npos) return std::nullopt;
  const std::string workdir = fmt::format("WORKDIR {}", target.raw);
  if (next == nullptr) {
    // `RUN cd /x` alone: the RUN becomes the WORKDIR.
    const uint32_t cd_end = target.doc.covering.end;
    const std::string_view rest =
        std::string_view(text).substr(cd_end, ts_node_end_byte(run) - cd_end);
    if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
    return findings::Fix{fmt::format("Replace with {}", workdir),
                         findings::Applicability::kUnsafe,
                         {{run_start, cd_end, workdir}}};
  }
  if (next->connector != shell::Connector::kAnd || !next->name || next->name->doc.pieces.empty()) {
    return std::nullopt;
  }
  const uint32_t from = cd.name->doc.covering.start;
  const uint32_t to = next->name->doc.pieces.front().start;
  const std::string_view gap =
      std::string_view(text).substr(target.doc.covering.end, to - target.doc.covering.end);
  const char escape = ctx.directives().escape;
  for (const char c : gap) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '&' && c != escape) {
      return std::nullopt;
    }
  }
  // Prefix assignments (`A=1 make`) would move in front of the next word: leave those alone.
  if (!next->assignments.empty()) return std::nullopt;
  return findings::Fix{fmt::format("Move the cd into {}", workdir),
                       findings::Applicability::kUnsafe,
                       {{run_start, run_start, workdir + "\n" + indent}, {from, to, ""}}};
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword != "RUN" || sh.script.commands.empty()) continue;
    const shell::Script& script = sh.script;
    const shell::Command& cd = script.commands.front();
    if (!cd.name || cd.name->raw != "cd" || !top_level(cd) || cd.args.size() != 1 ||
        !cd.redirects.empty()) {
      continue;
    }
    const shell::Word& target = cd.args.front();
    // `cd $(mktemp -d)`, `cd "$SRC"`: only the build knows where that is.
    if (!target.is_static() || target.raw == "-" || target.doc.pieces.empty()) continue;
    // The next command of the same shell (not one nested in the cd's own words).
    const shell::Command* next = nullptr;
    std::size_t next_index = script.commands.size();
    for (std::size_t i = 1; i < script.commands.size(); ++i) {
      if (script.commands[i].in_substitution) continue;
      next = &script.commands[i];
      next_index = i;
      break;
    }
    if (next != nullptr && next->connector != shell::Connector::kAnd &&
        next->connector != shell::Connector::kSequence) {
      continue;  // `cd x || exit`, `cd x | ...`
    }
    if (temporary_visit(script, next_index, *target.value) ||
        mount_target(ctx, sh.source.instruction, *target.value)) {
      continue;
    }
    const uint32_t start = cd.name->doc.covering.start;
    const uint32_t end = target.doc.covering.end;
    std::optional<findings::Fix> fix = to_workdir(ctx, sh, cd, next);
    reporter.report(start, end,
                    next == nullptr
                        ? fmt::format("RUN cd {0} has no effect: the directory change ends with "
                                      "the RUN; use WORKDIR {0}",
                                      *target.value)
                        : fmt::format("RUN starts with cd {0}; use WORKDIR {0} so the directory "
                                      "is set once and visible to the instructions that follow",
                                      *target.value),
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_run_cd() {
  static const Rule rule{
      {.slug = "run-cd",
       .summary = "Use WORKDIR instead of RUN cd",
       .severity = Severity::kWarning,
       .aliases = {"DL3003", "DS013"},
       .fix = FixKind::kUnsafe,
       .doc =
           {.what =
                "Reports `cd <dir>` when it is a `RUN`'s whole command or the first "
                "command of its chain (`RUN cd /app && make`), in shell form or as the "
                "first command of a heredoc script. Not reported: a `cd` later in the "
                "chain, `cd` to a computed directory (`cd \"$(mktemp -d)\"`, `cd $SRC`), "
                "`cd x || exit`, `cd` into a directory the `RUN` mounts (`--mount=...,target=`), "
                "and a visit the same `RUN` ends itself (it removes the "
                "directory with `rm`, or goes back with `cd -`, `cd /` or `popd`).",
            .why = "Each `RUN` starts in the working directory of the image, so a `cd` "
                   "alone does nothing, and a `cd` that starts every `RUN` repeats a "
                   "directory that `WORKDIR` would state once, also for `COPY`, `CMD` and "
                   "`ENTRYPOINT`.",
            .example = "FROM node:22-slim\nCOPY . /app\nRUN cd /app && npm ci\n",
            .instead = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
            .fix = "Adds `WORKDIR <dir>` before the `RUN` and removes `cd <dir> &&` (a `RUN` "
                   "that is only `cd <dir>` becomes the `WORKDIR`). Unsafe: the working "
                   "directory then also applies to the instructions that follow, and "
                   "`WORKDIR` creates a missing directory where `cd` would fail. Only for "
                   "shell-form `RUN` with a plain path and `&&` after the `cd`."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
