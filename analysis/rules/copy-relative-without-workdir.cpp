// copy-relative-without-workdir: COPY/ADD to a relative destination while the working
// directory is whatever the base image set (no absolute WORKDIR in the stage or the stages it
// is built FROM).
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    const model::InstructionInfo* info = m.instruction_at(ts_node_start_byte(i));
    // Before the first FROM there is no stage (instruction-before-from reports that).
    if (info == nullptr || info->stage < 0 || info->workdir.path) continue;
    const std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (operands.empty()) continue;
    const PathOperand& dest = operands.back();
    const std::string_view path = strip_quotes(dest.text);
    if (uses_variable(dest) || is_absolute_path(path)) continue;
    reporter.report(dest.node,
                    fmt::format("{} to '{}' lands in the base image's working directory, which "
                                "this Dockerfile never sets; add an absolute WORKDIR first",
                                instruction_name(i), path));
  }
}

}  // namespace

const Rule& rule_copy_relative_without_workdir() {
  static const Rule rule{
      {.slug = "copy-relative-without-workdir",
       .summary = "Relative COPY destinations need a WORKDIR",
       .severity = Severity::kWarning,
       .aliases = {"DL3045"},
       .doc = {.what = "Reports `COPY` and `ADD` with a relative destination (`.`, `app/`) in a "
                       "stage where no absolute `WORKDIR` is in force, neither in the stage nor "
                       "in the stages it is built `FROM`. Stages built on `scratch` start in "
                       "`/` and are not reported; destinations built from variables are not "
                       "checked.",
               .why = "A relative destination is resolved against the base image's working "
                      "directory, which the Dockerfile does not control: `/` in one image, "
                      "`/app` or a home directory in another, and it can change with a new "
                      "base image version.",
               .example = "FROM python:3.12-slim\nCOPY app.py .\n",
               .instead = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
