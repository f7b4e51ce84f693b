// pipefail-missing: a RUN with a pipe whose earlier commands can fail unnoticed, because
// `pipefail` is not set.
#include <fmt/format.h>

#include <algorithm>

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

void check(const RuleContext& ctx, Reporter& reporter) {
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
        reporter.report(range.covering.start, range.covering.end,
                        fmt::format("without pipefail this pipe's status is the status of "
                                    "'{}' alone: a failure of '{}' goes unnoticed and the "
                                    "build goes on",
                                    last, head));
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
       .fix = FixKind::kNone,
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
                          "| tar -xz -C /opt\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
