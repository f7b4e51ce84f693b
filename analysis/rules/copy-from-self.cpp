// copy-from-self: `COPY --from=<stage>` naming the stage it is in (by name or index).
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    for (TSNode i : stage.body) {
      if (!is_type(i, "copy_instruction")) continue;
      const std::optional<FlagRef> from = find_flag(ctx.document(), i, "from");
      if (!from || ts_node_is_null(from->value) || contains_expansion(from->value)) continue;
      const std::string value = ascii_lower(strip_quotes(ctx.text(from->value)));
      const bool by_name = !stage.name.empty() && value == stage.name;
      const bool by_index = value == std::to_string(stage.index);
      if (!by_name && !by_index) continue;
      reporter.report(from->value,
                      fmt::format("COPY --from={} refers to the stage it is in; a stage "
                                  "cannot copy from itself",
                                  ctx.text(from->value)));
    }
  }
}

}  // namespace

const Rule& rule_copy_from_self() {
  static const Rule rule{
      {.slug = "copy-from-self",
       .summary = "COPY --from cannot name its own stage",
       .severity = Severity::kError,
       .aliases = {"DL3023", "DS006"},
       .doc = {.what = "Reports `COPY --from=x` inside the stage named `x` (or numbered `x`).",
               .why = "A stage cannot read its own result while it is being built: BuildKit "
                      "reports a dependency cycle, or, when an image of the same name exists, "
                      "silently copies from that image instead.",
               .example = "FROM node:22 AS build\nCOPY --from=build /src/dist /app\n",
               .instead = "FROM node:22 AS build\nRUN npm run build\n\n"
                          "FROM nginx:1.27\nCOPY --from=build /src/dist /usr/share/nginx/html\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
