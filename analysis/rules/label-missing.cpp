// label-missing: a label the schema requires (`label-schema` in the configuration) that the
// final image does not get. The final image carries the LABELs of the final stage and of the
// stages it is built on through `FROM <stage>`; labels of stages it only copies files from do
// not reach it.
#include <fmt/format.h>

#include <algorithm>

#include "rules/labels.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const LabelSchema& schema = ctx.settings().label_schema;
  if (schema.empty()) return;
  const model::Model& m = ctx.model();
  const model::Stage* final_stage = m.final_stage();
  if (final_stage == nullptr) return;
  const std::vector<std::size_t> chain = final_image_stages(m);
  std::vector<std::string_view> present;
  for (const LabelEntry& e : label_entries(ctx)) {
    if (e.stage < 0 ||
        std::find(chain.begin(), chain.end(), static_cast<std::size_t>(e.stage)) == chain.end()) {
      continue;
    }
    // A key that depends on a build argument could be any label: nothing can be said.
    if (!e.key_known) return;
    present.push_back(e.key);
  }
  const TSNode image = final_stage->base.image;
  const TSNode at = ts_node_is_null(image) ? final_stage->from : image;
  for (const auto& [key, type] : schema.labels) {
    if (std::find(present.begin(), present.end(), key) != present.end()) continue;
    reporter.report(at, fmt::format("the final image has no label '{}', which the label schema "
                                    "requires ({})",
                                    key, label_type_name(type)));
  }
}

}  // namespace

const Rule& rule_label_missing() {
  static const Rule rule{
      {.slug = "label-missing",
       .summary = "The final image has every label the schema requires",
       .severity = Severity::kInfo,
       .aliases = {"DL3049"},
       .doc = {.what = "With a label schema in the configuration (`label-schema` in "
                       "`.whalesafe.yaml` or `.hadolint.yaml`, see docs/check.md), reports each "
                       "label of the schema that the final image does not get, on the final "
                       "stage's base image. The final image carries the LABELs of the final "
                       "stage and of the stages it is built on with `FROM <stage>`; labels of a "
                       "stage it only copies files from (`COPY --from`) do not reach it, and "
                       "neither do `ONBUILD LABEL`s. Labels the base image itself sets cannot "
                       "be seen without pulling it, so set the required ones explicitly. When a "
                       "label key is built from a variable with no value, nothing is reported. "
                       "Without a schema the rule does nothing. (The examples use a schema "
                       "requiring the `org.opencontainers.image` title, version, source, "
                       "created, licenses, revision and authors labels.)",
               .why = "A label schema is how a team makes images traceable: which source, "
                      "revision and version an image was built from, under which license, "
                      "and whom to contact. An image without them cannot be audited or traced "
                      "back when a vulnerability or a license question comes up.",
               .example = "FROM alpine:3.20 AS build\n"
                          "LABEL org.opencontainers.image.version=1.4.2\n"
                          "FROM alpine:3.20\n"
                          "COPY --from=build /etc/os-release /app/\n",
               .instead = "FROM alpine:3.20 AS base\n"
                          "LABEL org.opencontainers.image.title=demo \\\n"
                          "      org.opencontainers.image.version=1.4.2 \\\n"
                          "      org.opencontainers.image.source=https://example.com/demo \\\n"
                          "      org.opencontainers.image.created=2026-11-23T10:00:00Z\n"
                          "FROM base\n"
                          "LABEL org.opencontainers.image.licenses=MIT \\\n"
                          "      org.opencontainers.image.revision=9fceb02 \\\n"
                          "      org.opencontainers.image.authors=dev@example.com\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
