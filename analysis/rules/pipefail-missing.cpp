// pipefail-missing: a RUN with a pipe whose earlier commands can fail unnoticed, because
// `pipefail` is not set.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "rules/node_util.h"
#include "rules/package_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// `... | grep -q x`: a test of the status, where grep exits at the first match and the writer
// may then die of SIGPIPE, which pipefail would turn into a failure.
bool quiet_grep(const shell::Command& c) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
  if (!cmd || (program_of(c) != "grep" && program_of(c) != "egrep")) return false;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    const std::string& t = cmd->words[i]->text();
    if (t == "--quiet" || t == "--silent" ||
        (t.starts_with('-') && !t.starts_with("--") && t.find('q') != std::string::npos)) {
      return true;
    }
  }
  return false;
}

// Commands whose failure in front of a pipe does not matter: they only produce fixed text.
bool trivial_producer(const shell::Command& c) {
  const std::string p = program_of(c);
  return p == "echo" || p == "printf" || p == "yes" || p == "true" || p == ":" || p == "uname" ||
         p == "arch" || p == "nproc" || p == "whoami" || p == "id" || p == "pwd" || p == "date";
}

// The shell to name in a `SHELL [..., "-o", "pipefail", "-c"]` for this stage: bash on the
// images known to ship it, busybox ash on Alpine; empty when unknown (no fix then).
std::string pipefail_shell(const RuleContext& ctx, std::size_t stage_index) {
  const model::Model& model = ctx.model();
  const model::Stage* root = &model.stages[stage_index];
  while (root->base.stage) root = &model.stages[*root->base.stage];
  if (!root->base.resolved || root->base.scratch) return "";
  std::string ref = ascii_lower(*root->base.resolved);
  if (const std::size_t at = ref.find('@'); at != std::string::npos) ref.resize(at);
  std::string tag;
  const std::size_t colon = ref.rfind(':');
  if (colon != std::string::npos && ref.find('/', colon) == std::string::npos) {
    tag = ref.substr(colon + 1);
    ref.resize(colon);
  }
  for (std::string_view prefix : {"docker.io/", "library/"}) {
    if (ref.starts_with(prefix)) ref = ref.substr(prefix.size());
  }
  if (ref == "alpine" || tag.find("alpine") != std::string::npos) return "/bin/ash";
  static const std::vector<std::string_view> with_bash{
      "debian",     "ubuntu",   "buildpack-deps", "python", "node",   "golang",          "ruby",
      "php",        "perl",     "rust",           "maven",  "gradle", "eclipse-temurin", "fedora",
      "rockylinux", "almalinux"};
  if (std::find(with_bash.begin(), with_bash.end(), ref) != with_bash.end()) return "/bin/bash";
  return "";
}

// Inserts `SHELL [shell, "-o", "pipefail", "-c"]` on its own line before the RUN.
std::optional<findings::Fix> shell_fix(const RuleContext& ctx, const RunInstruction& run) {
  if (!run.info->shell.is_default()) return std::nullopt;  // an explicit SHELL: leave it
  const std::string shell = pipefail_shell(ctx, run.stage);
  if (shell.empty()) return std::nullopt;
  const std::string_view text = ctx.document().text();
  const uint32_t at = ts_node_start_byte(run.node);
  const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t from = line_start == std::string_view::npos || at == 0 ? 0 : line_start + 1;
  const std::string_view indent = text.substr(from, at - from);
  if (indent.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
  return findings::Fix{
      fmt::format("Run this stage's shell commands with {} -o pipefail", shell),
      findings::Applicability::kUnsafe,
      {{at, at, fmt::format("SHELL [\"{}\", \"-o\", \"pipefail\", \"-c\"]\n{}", shell, indent)}}};
}

void check(const RuleContext& ctx, Reporter& reporter) {
  std::set<std::size_t> fixed_stages;  // one SHELL per stage is enough
  for (const RunInstruction& run : run_instructions(ctx)) {
    bool reported = false;
    for (const shell::AnalyzedShell* sh : run.shells) {
      const shell::Script& script = sh->script;
      for (std::size_t p = 0; p < script.pipelines.size() && !reported; ++p) {
        if (script.pipelines[p].stages < 2) continue;
        // The commands of this pipeline: every stage but the last must be trivial to ignore.
        std::optional<std::size_t> first;
        std::vector<const shell::Command*> producers;
        std::string last;
        uint32_t last_stage = 0;
        bool tested = false;  // negated, or ending in `grep -q`: the status is a condition
        for (std::size_t i = 0; i < script.commands.size(); ++i) {
          const shell::Command& c = script.commands[i];
          if (c.pipeline != static_cast<int>(p)) continue;
          if (!first) first = i;
          if (c.pipe_stage + 1 < script.pipelines[p].stages) producers.push_back(&c);
          tested |= c.negated;
          if (c.pipe_stage >= last_stage) {
            last_stage = c.pipe_stage;
            last = program_of(c);
            tested |= quiet_grep(c);
          }
        }
        if (!first || producers.empty() || tested) continue;
        if (std::all_of(producers.begin(), producers.end(),
                        [](const shell::Command* c) { return trivial_producer(*c); })) {
          continue;
        }
        if (shell::pipefail_in_effect(script, *first, run.shell_pipefail)) continue;
        const shell::MappedRange range = sh->source.map.to_document(script.pipelines[p].range);
        if (range.pieces.empty()) continue;
        const std::string head = program_of(*producers.front());
        std::optional<findings::Fix> fix;
        if (!fixed_stages.count(run.stage)) {
          fix = shell_fix(ctx, run);
          if (fix) fixed_stages.insert(run.stage);
        }
        reporter.report(range.covering.start, range.covering.end,
                        fmt::format("without pipefail this pipe's status is the status of "
                                    "'{}' alone: a failure of '{}' goes unnoticed and the "
                                    "build goes on",
                                    last, head),
                        std::move(fix));
        reported = true;
      }
    }
  }
}

}  // namespace

const Rule& rule_pipefail_missing() {
  static const Rule rule{
      {.slug = "pipefail-missing",
       .summary = "Set `-o pipefail` before a RUN with a pipe",
       .severity = Severity::kWarning,
       .aliases = {"DL4006"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports the first pipe (`a | b`) of a RUN when pipefail is not in force "
                       "there: neither a `SHELL` with `-o pipefail` (in the stage or one it is "
                       "built `FROM`) nor a `set -o pipefail` (`set -eo pipefail`, ...) earlier "
                       "in the same shell. Not reported: pipes fed only by commands that print "
                       "fixed text (`echo`, `printf`, `yes`, `uname`, ...), pipes whose status "
                       "is a test (`! a | b`, `a | grep -q x`, where pipefail would turn grep's "
                       "early exit into a failure), and RUNs under a PowerShell or cmd `SHELL`.",
               .why = "A pipeline's exit status is the status of its last command. In `RUN "
                      "curl -fsSL https://example.com/app.tgz | tar -xz`, a failed download "
                      "gives `tar` empty input, and depending on the command the build goes on "
                      "and produces a broken image instead of failing.",
               .example = "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/app.tgz "
                          "| tar -xz -C /opt\n",
               .instead = "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", "
                          "\"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/app.tgz "
                          "| tar -xz -C /opt\n",
               .fix = "Inserts `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the "
                      "first such RUN of a stage that has no SHELL of its own and is built on an "
                      "image known to ship bash (Debian, Ubuntu and the official language images "
                      "based on them, Fedora, Rocky, Alma); on Alpine images `/bin/ash`, whose "
                      "busybox shell knows pipefail. Unsafe: every later RUN of the stage (and of "
                      "the stages built on it) then runs under that shell, and a pipe that "
                      "succeeded may now fail the build, which is the point."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
