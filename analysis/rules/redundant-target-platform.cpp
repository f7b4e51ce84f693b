// redundant-target-platform: `FROM --platform=$TARGETPLATFORM`, which is the default.
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    const std::optional<FlagRef> platform = find_flag(ctx.document(), stage.from, "platform");
    if (!platform || ts_node_is_null(platform->value)) continue;
    const std::string_view value = strip_quotes(ctx.text(platform->value));
    if (value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}") continue;
    // Delete the flag and the blank after it.
    uint32_t end = ts_node_end_byte(platform->flag);
    const std::string& text = ctx.document().text();
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    findings::Fix fix{"Remove the --platform flag",
                      findings::Applicability::kSafe,
                      {{ts_node_start_byte(platform->flag), end, ""}}};
    reporter.report(platform->flag,
                    "--platform=$TARGETPLATFORM is the default for FROM and can be removed",
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_redundant_target_platform() {
  static const Rule rule{
      {.slug = "redundant-target-platform",
       .summary = "FROM --platform=$TARGETPLATFORM is redundant",
       .severity = Severity::kInfo,
       .aliases = {"RedundantTargetPlatform"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).",
               .why = "A stage is built for the target platform unless told otherwise, so "
                      "the flag says nothing, and readers may take it for the cross-compiling "
                      "idiom `--platform=$BUILDPLATFORM`, which does something.",
               .example = "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
               .instead = "FROM alpine:3.20\n",
               .fix = "Removes the flag. Safe: the platform is the same."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
