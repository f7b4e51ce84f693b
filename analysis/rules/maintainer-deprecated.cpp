// maintainer-deprecated: MAINTAINER, replaced by `LABEL maintainer=...` since Docker 1.13.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

// A double-quoted LABEL value with the same text: `"`, `\` and `$` are escaped (MAINTAINER
// does not expand variables, LABEL does).
std::string quote_label_value(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("maintainer_instruction")) {
    const TSNode name = field(i, "name");
    std::optional<findings::Fix> fix;
    // The author text is one line; a continued MAINTAINER is left for a human to rewrite.
    if (!ts_node_is_null(name) && ctx.text(name).find('\n') == std::string_view::npos) {
      const std::string_view kw = ctx.text(keyword_node(i));
      const std::string label = kw == ascii_lower(kw) ? "label" : "LABEL";
      fix = findings::Fix{
          "Replace MAINTAINER with LABEL maintainer",
          findings::Applicability::kUnsafe,
          {replace(i, fmt::format("{} maintainer={}", label, quote_label_value(ctx.text(name))))}};
    }
    reporter.report(keyword_node(i), "MAINTAINER is deprecated; use LABEL maintainer=...",
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_maintainer_deprecated() {
  static const Rule rule{
      {.slug = "maintainer-deprecated",
       .summary = "MAINTAINER is deprecated",
       .severity = Severity::kStyle,
       .aliases = {"DL4000", "MaintainerDeprecated", "DS022", "CKV_DOCKER_6"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports the `MAINTAINER` instruction.",
               .why = "`MAINTAINER` has been deprecated since Docker 1.13. A label is the "
                      "supported way to record an image's author, and tools read labels "
                      "(`org.opencontainers.image.authors` is the standard one).",
               .example = "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
               .instead = "FROM alpine:3.20\nLABEL maintainer=\"Jane Doe <jane@example.com>\"\n",
               .fix = "Replaces the instruction with `LABEL maintainer=\"...\"`, quoting the "
                      "text. Unsafe: the image's `Author` field is no longer set, and tools "
                      "reading it see a difference."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
