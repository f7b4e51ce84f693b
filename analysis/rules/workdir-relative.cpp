// workdir-relative: a relative WORKDIR before any absolute WORKDIR in its stage.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    bool absolute_seen = false;
    for (TSNode i : stage.body) {
      if (!is_type(i, "workdir_instruction")) continue;
      const TSNode path = field(i, "path");
      if (ts_node_is_null(path)) continue;
      // A variable may hold an absolute path ($HOME, ${APP_DIR}): only the model can tell.
      if (contains_expansion(path)) {
        absolute_seen = true;
        continue;
      }
      const std::string_view text = strip_quotes(ctx.text(path));
      if (is_absolute_path(text)) {
        absolute_seen = true;
      } else if (!absolute_seen) {
        reporter.report(path, fmt::format("WORKDIR '{}' is relative to the base image's working "
                                          "directory; use an absolute path",
                                          text));
      }
    }
  }
}

}  // namespace

const Rule& rule_workdir_relative() {
  static const Rule rule{
      {.slug = "workdir-relative",
       .summary = "WORKDIR should be an absolute path",
       .severity = Severity::kWarning,
       .aliases = {"DL3000", "WorkdirRelativePath", "DS009", "CKV_DOCKER_10"},
       .doc = {.what = "Reports a relative `WORKDIR` in a stage that has not set an absolute "
                       "one before it. A relative `WORKDIR` after an absolute one is fine: its "
                       "meaning is fixed by the file itself. Paths built from variables are "
                       "not reported.",
               .why = "A relative `WORKDIR` is resolved against the base image's working "
                      "directory, which the Dockerfile does not control: a new base image "
                      "version can move every later `COPY` and `RUN`.",
               .example = "FROM node:22-slim\nWORKDIR app\nCOPY . .\n",
               .instead = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
