// label-invalid-value: a label of the schema whose value is empty or does not have the schema's
// type (url, rfc3339, spdx, hash, semver, email). Values from variables are only known at build
// time and are not judged.
#include <fmt/format.h>

#include "rules/label_values.h"
#include "rules/labels.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// What a value of `type` must look like, for the message.
std::string_view expected(LabelType type) {
  switch (type) {
    case LabelType::kText:
      return "text";
    case LabelType::kUrl:
      return "an absolute URL such as https://example.com/project";
    case LabelType::kHash:
      return "a git commit hash: 7 to 40 lower-case hexadecimal digits";
    case LabelType::kRfc3339:
      return "an RFC 3339 date-time such as 2026-11-23T10:00:00Z";
    case LabelType::kSemver:
      return "a semantic version such as 1.4.2 or 2.0.0-rc.1";
    case LabelType::kSpdx:
      return "an SPDX license expression such as MIT or Apache-2.0 OR MIT";
    case LabelType::kEmail:
      return "an e-mail address such as dev@example.com";
  }
  return "text";
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const LabelSchema& schema = ctx.settings().label_schema;
  if (schema.empty()) return;
  for (const LabelEntry& e : label_entries(ctx)) {
    if (!e.key_known || !e.literal_value) continue;
    const LabelType* type = schema.find(e.key);
    if (type == nullptr) continue;
    const TSNode at = ts_node_is_null(e.value_node) ? e.pair : e.value_node;
    const std::string& value = *e.literal_value;
    if (blank(value)) {
      reporter.report(at,
                      fmt::format("label '{}' is empty; the label schema requires a value", e.key));
    } else if (!value_matches(*type, value)) {
      reporter.report(at, fmt::format("label '{}' is '{}', not {} (its type in the label "
                                      "schema is {})",
                                      e.key, value, expected(*type), label_type_name(*type)));
    }
  }
}

}  // namespace

const Rule& rule_label_invalid_value() {
  static const Rule rule{
      {.slug = "label-invalid-value",
       .summary = "Schema labels have values of their type",
       .severity = Severity::kWarning,
       .aliases = {"DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"},
       .doc = {.what = "With a label schema in the configuration (see docs/check.md), reports "
                       "LABEL values of the schema's labels that are empty (any type) or not "
                       "of the label's type: `url` an absolute URI (`https://...`), `rfc3339` a "
                       "date-time (`2026-11-23T10:00:00Z`), `spdx` an SPDX license expression "
                       "(`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-or-later WITH "
                       "Classpath-exception-2.0`, `LicenseRef-...`; whalesafe knows a compact "
                       "list of the most used identifiers of the SPDX License List), `hash` a "
                       "git commit hash (7 to 40 lower-case hexadecimal digits, or 64), `semver` "
                       "a Semantic Versioning 2.0.0 version (no `v` prefix), `email` an RFC "
                       "5322 address (`dev@example.com`, without a display name); `text` takes "
                       "anything but empty. Values from `ARG` or `ENV` (`$VERSION`) are only "
                       "known at build time and are not judged. hadolint accepts only 7 or 40 "
                       "digits for `hash` and single identifiers for `spdx`; whalesafe also "
                       "accepts the other abbreviations git prints and license expressions. "
                       "Without a schema the rule does nothing. (The examples use a schema "
                       "with `org.opencontainers.image.version: semver` and "
                       "`org.opencontainers.image.source: url`.)",
               .why = "Labels are read by tools: a registry links the source URL, a scanner "
                      "matches the license against policy, a deployment compares versions. A "
                      "value in the wrong format is silently ignored or misread by all of them.",
               .example = "FROM alpine:3.20\n"
                          "LABEL org.opencontainers.image.version=v1.4 \\\n"
                          "      org.opencontainers.image.source=github.com/acme/demo\n",
               .instead = "FROM alpine:3.20\n"
                          "LABEL org.opencontainers.image.version=1.4.0 \\\n"
                          "      org.opencontainers.image.source=https://github.com/acme/demo\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
