// curl-pipe-shell: a script downloaded with curl or wget and run straight away by a shell or
// interpreter (`curl -fsSL https://get.example.com | sh`, `bash -c "$(curl ...)"`).
#include <fmt/format.h>

#include "rules/download_execution.h"
#include "rules/posix_shell.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"
#include "shell/invocations.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    if (!runs_in_posix_shell(ctx, shell.source.instruction)) continue;
    for (const shell::Invocation& inv : ctx.invocations(shell)) {
      if (inv.manager != shell::Manager::kCurl && inv.manager != shell::Manager::kWget) continue;
      const std::optional<DownloadExecution> run = executed_download(shell.script, inv);
      if (!run) continue;
      const std::string source = inv.urls.empty() ? std::string("the network")
                                                  : fmt::format("'{}'", inv.urls.front().text);
      const shell::MappedRange& at = run->program->doc;
      reporter.report(at.covering.start, at.covering.end,
                      fmt::format("{} runs what {} downloads from {} without verifying it; "
                                  "download it to a file, check its checksum or signature, "
                                  "then run it",
                                  shell::program_name(*run->program),
                                  shell::manager_name(inv.manager), source));
    }
  }
}

}  // namespace

const Rule& rule_curl_pipe_shell() {
  static const Rule rule{
      {.slug = "curl-pipe-shell",
       .summary = "Do not pipe downloaded scripts into a shell",
       .severity = Severity::kWarning,
       .aliases = {},
       .fix = FixKind::kNone,
       .doc = {.what = "Reports a script fetched by `curl` or `wget` and run at once without "
                       "being saved: piped into a shell or interpreter that reads its program "
                       "from standard input (`| sh`, `| sudo bash -s --`, `| python3 -`), or "
                       "handed to one as a command substitution (`sh -c \"$(curl ...)\"`, "
                       "`eval \"$(curl ...)\"`, `bash <(curl ...)`). A download piped into "
                       "`bash -c '...'` or `python3 -c '...'` is data for that program and is "
                       "not reported.",
               .why = "Whatever the server (or anyone able to change its answer) sends runs "
                      "as root in the build, and nothing records what it was: the same "
                      "Dockerfile can build a different image tomorrow. A connection cut "
                      "mid-way can also run half a script.",
               .example = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSL https://get.example.com/install.sh | sh\n",
               .instead = "FROM debian:bookworm-slim\n"
                          "ARG INSTALL_SH_SHA256=0c2c2f6a9d2c5a7b3f2b1e4d5c6a7b8c9d0e1f2a3b4c5d6e"
                          "7f8a9b0c1d2e3f4a\n"
                          "RUN curl -fsSLo /tmp/install.sh https://get.example.com/v1.2.3/"
                          "install.sh \\\n"
                          " && echo \"${INSTALL_SH_SHA256}  /tmp/install.sh\" | sha256sum -c - \\\n"
                          " && sh /tmp/install.sh && rm /tmp/install.sh\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
