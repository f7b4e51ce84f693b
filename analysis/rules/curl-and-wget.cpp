// curl-and-wget: the final image's stages download with both curl and wget.
#include <fmt/format.h>

#include <optional>

#include "rules/package_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

// A curl or wget command that downloads something (not `curl --version`).
bool downloads(const shell::Invocation& inv) {
  if (inv.manager != shell::Manager::kCurl && inv.manager != shell::Manager::kWget) return false;
  return !inv.urls.empty() || inv.has_flag("input-file") || inv.has_flag("config");
}

void check(const RuleContext& ctx, Reporter& reporter) {
  // The stages in the final image form one chain (the final stage and the stages it is built
  // FROM): one tool for all of them is enough.
  const RunInvocation* first = nullptr;  // the first download, whichever tool it uses
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    for (const RunInvocation& ri : run.invocations) {
      if (!downloads(ri.inv)) continue;
      if (first == nullptr) {
        first = &ri;
        continue;
      }
      if (ri.inv.manager == first->inv.manager) continue;
      const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(ri.command());
      const std::optional<shell::EffectiveCommand> first_cmd =
          shell::effective_command(first->command());
      if (!cmd || !first_cmd || cmd->program().doc.pieces.empty()) continue;
      const shell::MappedRange& at = cmd->program().doc;
      reporter.report(
          at.covering.start, at.covering.end,
          fmt::format("{} here, {} on line {}: the image needs both tools; download with one",
                      shell::manager_name(ri.inv.manager), shell::manager_name(first->inv.manager),
                      ctx.document().line_col(first_cmd->program().doc.covering.start).line));
      return;  // once per image: the other uses are the same finding
    }
  }
}

}  // namespace

const Rule& rule_curl_and_wget() {
  static const Rule rule{
      {.slug = "curl-and-wget",
       .summary = "Download with one tool: curl or wget, not both",
       .severity = Severity::kInfo,
       .aliases = {"DL4001", "DS014"},
       .doc = {.what = "Reports the first use of the second download tool when the stages "
                       "that end up in the final image run both `curl` and `wget` (also in "
                       "heredoc scripts). Builder stages, whose tools stay out of the final "
                       "image, are not looked at.",
               .why = "Both tools do the same job here; keeping two means installing, "
                      "patching and scanning two programs and their libraries in the image, "
                      "and two sets of options to get right (TLS, retries, failing on HTTP "
                      "errors). Pick the one the base image already has, or do the downloads "
                      "in a builder stage.",
               .example = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\n"
                          "RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz\n",
               .instead = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\n"
                          "RUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
