// onbuild-invalid: ONBUILD wrapping ONBUILD, FROM or MAINTAINER.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("onbuild_instruction")) {
    const TSNode wrapped = field(i, "instruction");
    if (!is_type(wrapped, "onbuild_instruction") && !is_type(wrapped, "from_instruction") &&
        !is_type(wrapped, "maintainer_instruction")) {
      continue;
    }
    reporter.report(keyword_node(wrapped), fmt::format("{} is not allowed as an ONBUILD trigger",
                                                       instruction_name(wrapped)));
  }
}

}  // namespace

const Rule& rule_onbuild_invalid() {
  static const Rule rule{
      {.slug = "onbuild-invalid",
       .summary = "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
       .severity = Severity::kError,
       .aliases = {"DL3043"},
       .doc = {.what = "Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.",
               .why = "Docker rejects these triggers: chaining `ONBUILD` is not allowed, and "
                      "`FROM` and `MAINTAINER` cannot run inside a child build. The image "
                      "fails to build, or its children do.",
               .example = "FROM node:22-slim\nONBUILD FROM node:22-slim\n",
               .instead = "FROM node:22-slim\nONBUILD COPY . /app/\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
