// multiple-consecutive-run: a RUN of a single command right after another one, in a stage of
// the final image, where one RUN would make one layer.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "rules/final_image.h"
#include "rules/node_util.h"
#include "rules/posix_shell.h"
#include "syntax/heredocs.h"

namespace whalesafe::rules {
namespace {

// The command-line script of each RUN, by the instruction's start, sorted.
using ScriptsByStart = std::vector<std::pair<uint32_t, const shell::Script*>>;

// What decides whether two RUNs can be one: their flags (`--mount`, `--network`,
// `--security`; in any order) and whether each runs a single command.
struct RunShape {
  TSNode node{};
  std::vector<std::string> flags;  // `name=value` as written, sorted
  bool single_command = false;
};

// Commands of the RUN's command line, not counting those inside `$( )`; nullopt when the text
// is not known to be a POSIX shell script or does not parse.
std::optional<std::size_t> command_count(const RuleContext& ctx, TSNode run,
                                         const ScriptsByStart& lines) {
  const TSNode command = field(run, "command");
  if (is_type(command, "json_string_array")) return 1;  // exec form: one program
  if (!runs_in_posix_shell(ctx, run)) return std::nullopt;
  const uint32_t start = ts_node_start_byte(run);
  const auto it = std::lower_bound(lines.begin(), lines.end(), start,
                                   [](const auto& entry, uint32_t s) { return entry.first < s; });
  if (it == lines.end() || it->first != start || it->second->has_errors()) return std::nullopt;
  return static_cast<std::size_t>(
      std::count_if(it->second->commands.begin(), it->second->commands.end(),
                    [](const shell::Command& c) { return !c.in_substitution; }));
}

RunShape shape_of(const RuleContext& ctx, TSNode run, const ScriptsByStart& lines) {
  RunShape s;
  s.node = run;
  // A heredoc is a script on purpose, never "one command".
  const std::optional<std::size_t> count = command_count(ctx, run, lines);
  s.single_command = count == std::size_t{1} && syntax::heredocs_of(ctx.document(), run).empty();
  // Flags matter only between two single-command RUNs; most RUNs chain commands.
  if (!s.single_command) return s;
  for (TSNode flag : syntax::flags(ctx.document(), run)) {
    s.flags.push_back(
        fmt::format("{}={}", ctx.text(field(flag, "name")), ctx.text(field(flag, "value"))));
  }
  std::sort(s.flags.begin(), s.flags.end());
  return s;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  ScriptsByStart lines;
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword == "RUN" && !sh.source.onbuild &&
        sh.source.kind == shell::SourceKind::kCommandLine) {
      lines.emplace_back(ts_node_start_byte(sh.source.instruction), &sh.script);
    }
  }
  // Stable: of two scripts at one start (none today), the first is taken, as before.
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t index : final_image_stages(ctx)) {
    if (index >= ctx.stages().size()) continue;
    // The RUN before this instruction, if it was one; its shape is worked out only when a RUN
    // follows it.
    TSNode previous_run{};
    std::optional<RunShape> previous;
    // The body holds instructions only: comments between two RUNs do not separate them.
    for (TSNode i : ctx.stages()[index].body) {
      if (!is_type(i, "run_instruction")) {
        previous_run = TSNode{};
        previous.reset();
        continue;
      }
      if (ts_node_is_null(previous_run)) {
        previous_run = i;
        continue;
      }
      if (!previous) previous = shape_of(ctx, previous_run, lines);
      RunShape current = shape_of(ctx, i, lines);
      previous_run = i;
      if (previous->single_command && current.single_command && previous->flags == current.flags) {
        const uint32_t line = ctx.document().line_col(ts_node_start_byte(previous->node)).line;
        reporter.report(keyword_node(i),
                        fmt::format("RUN right after the RUN on line {}, each of one command: "
                                    "join them with && into one step and one layer",
                                    line));
      }
      previous = std::move(current);
    }
  }
}

}  // namespace

const Rule& rule_multiple_consecutive_run() {
  static const Rule rule{
      {.slug = "multiple-consecutive-run",
       .summary = "Join consecutive single-command RUN instructions",
       .severity = Severity::kInfo,
       .enabled_by_default = false,
       .aliases = {"DL3059"},
       .doc = {.what =
                   "Reports a `RUN` that directly follows another `RUN` of the same stage (only "
                   "comments between them) when each runs a single command and both have the "
                   "same flags (`--mount`, `--network`, `--security`). As in hadolint, a `RUN` "
                   "that already chains commands (`a && b`, `a; b`, `a | b`) or is a heredoc "
                   "script marks a deliberate split, and any other instruction between two "
                   "`RUN`s separates them. Only stages whose layers reach the final image are "
                   "checked. Off by default: splitting steps is often a deliberate choice for "
                   "the build cache. There is no automatic fix: joining changes what one step "
                   "leaves for the next (`cd`, `export`, `set` carry over inside one shell) and "
                   "what the cache can reuse.",
               .why = "Every `RUN` adds a layer: files written by one step and deleted by a later "
                      "one still ship in the earlier layer, and many small layers cost pulls and "
                      "storage. Steps that belong together (`apt-get update` and `apt-get "
                      "install`) also belong in one `RUN` so they are cached together.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update\n"
                          "RUN apt-get install -y --no-install-recommends curl\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
