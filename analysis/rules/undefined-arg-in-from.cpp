// undefined-arg-in-from: `$NAME` in a FROM line (image or --platform) where NAME is neither an
// ARG declared before the first FROM nor one of BuildKit's predefined platform ARGs.
#include <fmt/format.h>

#include "rules/name_suggestion.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  for (const model::VariableReference& ref : m.references) {
    if (ref.declared || ref.use.is_special_parameter() ||
        !is_type(ref.instruction, "from_instruction")) {
      continue;
    }
    std::string message = fmt::format(
        "FROM uses ${}, which no ARG before the first FROM declares: it expands to {} and "
        "--build-arg {} cannot set it",
        ref.use.name, ref.use.has_fallback() ? "its fallback" : "an empty string", ref.use.name);
    if (m.global_scope) {
      if (std::optional<std::string> s = similar_name(*m.global_scope, ref.use.name)) {
        message += fmt::format("; did you mean ${}?", *s);
      }
    }
    reporter.report(static_cast<uint32_t>(ref.use.start), static_cast<uint32_t>(ref.use.end),
                    message);
  }
}

}  // namespace

const Rule& rule_undefined_arg_in_from() {
  static const Rule rule{
      {.slug = "undefined-arg-in-from",
       .summary = "FROM uses only declared ARGs",
       .severity = Severity::kWarning,
       .aliases = {"UndefinedArgInFrom"},
       .doc = {.what = "Reports `$NAME` and `${NAME...}` in a FROM line (the image and "
                       "`--platform`) when no `ARG NAME` comes before the first FROM and NAME "
                       "is not one of BuildKit's predefined platform ARGs (`BUILDPLATFORM`, "
                       "`BUILDOS`, `BUILDARCH`, `BUILDVARIANT`, `TARGETPLATFORM`, `TARGETOS`, "
                       "`TARGETARCH`, `TARGETVARIANT`). References with a fallback "
                       "(`${TAG:-3.20}`) are reported too, as BuildKit does: without the ARG, "
                       "the fallback is all the reference can ever be. A near-miss of a "
                       "declared or predefined name is suggested (`$BUILDPLATFROM`).",
               .why = "FROM lines only see the ARGs declared before the first FROM. An "
                      "undeclared name expands to an empty string (or to its fallback), and "
                      "`--build-arg` cannot change it: `FROM node:22${VARIANT}` always builds "
                      "on `node:22`, whatever the build command says.",
               .example = "FROM node:22${VARIANT} AS build\n",
               .instead = "ARG VARIANT=-alpine3.20\nFROM node:22${VARIANT} AS build\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
