// label-not-in-schema: with `strict-labels: true`, a LABEL whose key the label schema does not
// list.
#include <fmt/format.h>

#include "rules/labels.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const LabelSchema& schema = ctx.settings().label_schema;
  if (schema.empty() || !schema.strict) return;
  for (const LabelEntry& e : label_entries(ctx)) {
    if (!e.key_known || schema.find(e.key) != nullptr) continue;
    reporter.report(e.key_node, fmt::format("label '{}' is not in the label schema, and "
                                            "strict-labels allows no others",
                                            e.key));
  }
}

}  // namespace

const Rule& rule_label_not_in_schema() {
  static const Rule rule{
      {.slug = "label-not-in-schema",
       .summary = "With strict labels, only the schema's labels",
       .severity = Severity::kInfo,
       .aliases = {"DL3050"},
       .doc = {.what = "With a label schema and `strict-labels: true` in the configuration "
                       "(see docs/check.md), reports each LABEL key the schema does not list, "
                       "in any stage. Keys built from variables are read with their values; "
                       "keys whose variables have no value are not judged. Without a schema or "
                       "without strict labels the rule does nothing. (The examples use a schema "
                       "of `org.opencontainers.image` labels with strict labels on.)",
               .why = "A strict schema keeps the labels a team publishes to one documented "
                      "set: an unlisted label is usually a typo of a listed one "
                      "(`org.opencontainers.image.licence`) or stale metadata nobody "
                      "maintains.",
               .example = "FROM alpine:3.20\n"
                          "LABEL org.opencontainers.image.title=demo \\\n"
                          "      org.opencontainers.image.licence=MIT\n",
               .instead = "FROM alpine:3.20\n"
                          "LABEL org.opencontainers.image.title=demo \\\n"
                          "      org.opencontainers.image.licenses=MIT\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
