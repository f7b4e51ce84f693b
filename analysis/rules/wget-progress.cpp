// wget-progress: GNU wget without a quieter progress style prints a line of dots for every
// 50 KiB it downloads into the build log.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "rules/node_util.h"
#include "rules/package_util.h"
#include "rules/variable_word.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// Options that keep the log short: a progress style, quiet or non-verbose output, or the log
// written to a file (`-o`/`-a`).
bool quiet_enough(const shell::Invocation& inv) {
  for (const shell::Flag& f : inv.flags) {
    if (f.canonical == "progress" || f.canonical == "quiet" || f.canonical == "no-verbose" ||
        f.canonical == "output-file" || f.spelling == "-a" || f.spelling == "--append-output") {
      return true;
    }
  }
  return false;
}

bool quiet_option(std::string_view o) {
  return o.starts_with("--progress") || o == "-q" || o == "--quiet" || o == "-nv" ||
         o == "--no-verbose" || o == "-o" || o.starts_with("--output-file") || o == "-a" ||
         o.starts_with("--append-output") || (o.starts_with("-q") && !o.starts_with("--"));
}

// Options passed in an unquoted variable (`wget $WGET_ARGS url`): their value from an ARG or
// ENV when it is known; when it is not, they may well quiet wget.
bool options_from_variable(const RuleContext& ctx, const RunInstruction& run,
                           const RunInvocation& ri) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(ri.command());
  if (!cmd) return false;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    const shell::Word& w = *cmd->words[i];
    if (w.is_static() || !w.raw.starts_with('$') || w.raw.starts_with("$(")) continue;
    const std::optional<std::string> value = variable_word_value(ctx, run.node, w.raw);
    if (!value) return true;
    std::string_view rest = *value;
    while (!rest.empty()) {
      const std::size_t start = rest.find_first_not_of(" \t");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
      if (quiet_option(rest.substr(0, end))) return true;
      rest.remove_prefix(end);
    }
  }
  return false;
}

// The stages whose filesystem `stage` starts from, itself first (`FROM build` chains).
std::vector<std::size_t> stage_chain(const model::Model& model, std::size_t stage) {
  std::vector<std::size_t> chain;
  std::optional<std::size_t> s = stage;
  while (s && *s < model.stages.size() && chain.size() <= model.stages.size()) {
    chain.push_back(*s);
    s = model.stages[*s].base.stage;
  }
  return chain;
}

bool in_chain(const std::vector<std::size_t>& chain, std::size_t stage) {
  return std::find(chain.begin(), chain.end(), stage) != chain.end();
}

// Whether `wget` in `run` is BusyBox's (Alpine, BusyBox images), which prints one short
// progress line and knows neither --progress nor -nv: the base is such an image, or the stage
// uses apk, and no `apk add wget` came earlier.
bool busybox_wget(const RuleContext& ctx, const RunInstruction& run, const RunInvocation& at) {
  const model::Model& model = ctx.model();
  const std::vector<std::size_t> chain = stage_chain(model, run.stage);
  bool alpine = false;
  if (!chain.empty()) {
    const model::StageBase& base = model.stages[chain.back()].base;
    if (base.resolved) {
      const std::string image = ascii_lower(*base.resolved);
      alpine =
          image.find("alpine") != std::string::npos || image.find("busybox") != std::string::npos;
    }
  }
  for (const RunInstruction& other : run_instructions(ctx)) {
    if (!in_chain(chain, other.stage)) continue;
    if (ts_node_start_byte(other.node) > ts_node_start_byte(run.node)) break;
    for (const RunInvocation& ri : other.invocations) {
      if (&ri == &at) return alpine;
      if (ri.inv.manager != shell::Manager::kApk) continue;
      alpine = true;
      if (ri.inv.action != "add") continue;
      for (const shell::Package& p : ri.inv.packages) {
        if (p.name == "wget") return false;  // GNU wget replaces BusyBox's
      }
    }
  }
  return alpine;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      if (ri.inv.manager != shell::Manager::kWget || quiet_enough(ri.inv)) continue;
      // `wget --version`, `wget --help`: nothing to download.
      if (ri.inv.urls.empty() && !ri.inv.has_flag("input-file")) continue;
      if (options_from_variable(ctx, run, ri) || busybox_wget(ctx, run, ri)) continue;
      const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(ri.command());
      if (!cmd || cmd->program().doc.pieces.empty()) continue;
      const shell::MappedRange& at = cmd->program().doc;
      reporter.report(at.covering.start, at.covering.end,
                      "wget without --progress, -q or -nv prints a line of dots for every "
                      "50 KiB downloaded into the build log; add --progress=dot:giga (or -nv)");
    }
  }
}

}  // namespace

const Rule& rule_wget_progress() {
  static const Rule rule{
      {.slug = "wget-progress",
       .summary = "Give wget a quiet progress style",
       .severity = Severity::kInfo,
       .aliases = {"DL3047"},
       .doc = {.what = "Reports `wget` in RUN without `--progress=...`, `-q`/`--quiet`, "
                       "`-nv`/`--no-verbose`, or a log file (`-o`/`--output-file`, "
                       "`-a`/`--append-output`), also when they come in an unquoted variable "
                       "(`wget $WGET_ARGS url`, with the value of an ARG or ENV; a variable "
                       "without a known value may hold them). Not reported: BusyBox's wget "
                       "(the base image is Alpine or BusyBox, or the stage uses apk, and no "
                       "`apk add wget` installed GNU wget first), which prints a single "
                       "progress line and does not know these options.",
               .why = "Without a terminal, GNU wget falls back to its `dot` progress style: "
                      "one line for every 50 KiB, so a 100 MB download writes some two "
                      "thousand lines into the build log, burying the lines that matter and "
                      "slowing log viewers and CI. `--progress=dot:giga` prints a line per "
                      "32 MiB; `-nv` prints one line per file and still shows errors (`-q` "
                      "hides them too).",
               .example = "FROM debian:bookworm-slim\nRUN wget https://example.com/tool.tar.gz\n",
               .instead = "FROM debian:bookworm-slim\nRUN wget --progress=dot:giga "
                          "https://example.com/tool.tar.gz\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
