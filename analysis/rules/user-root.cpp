// user-root: the last USER in force at the end of the final stage is root (root, 0, root:x,
// 0:0), possibly set in a stage the final stage is built FROM.
#include <fmt/format.h>

#include "rewrites/rewrite.h"
#include "rewrites/user_fix_doc.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  const model::Stage* final = m.final_stage();
  if (final == nullptr) return;
  const model::EffectiveUser& user = final->user_at_end;
  if (user.origin != model::EffectiveUser::Origin::kInstruction || !user.is_root() ||
      ts_node_is_null(user.instruction)) {
    return;
  }
  const TSNode value = field(user.instruction, "user");
  const TSNode where = ts_node_is_null(value) ? user.instruction : value;
  const std::string inherited =
      user.stage >= 0 && static_cast<std::size_t>(user.stage) != final->index
          ? fmt::format(" (set in stage {}, which the final stage is built on)", user.stage)
          : std::string();
  std::string message = fmt::format(
      "the final image runs as root: USER {} is the last USER{}; switch to a non-root user at "
      "the end",
      user.user, inherited);
  rewrites::RewriteOutcome rewrite =
      rewrites::plan_add_non_root_user(ctx, ts_node_start_byte(final->from));
  if (!rewrite.fix) message += fmt::format(" (no automatic fix: {})", rewrite.why_not);
  reporter.report(where, std::move(message), std::move(rewrite.fix));
}

}  // namespace

const Rule& rule_user_root() {
  static const Rule rule{
      {.slug = "user-root",
       .summary = "The last USER should not be root",
       .severity = Severity::kWarning,
       .aliases = {"DL3002", "DS002", "CKV_DOCKER_8"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports the last `USER` in force at the end of the final stage when it "
                       "is root: `root`, `0`, with or without a group (`root:root`, `0:0`), "
                       "also after variable expansion and when it comes from a stage the final "
                       "stage is built `FROM`. A `USER root` followed by a `USER` of another "
                       "user is fine.",
               .why = "The image's processes then run as root. A compromised process running "
                      "as root owns the whole container and is one kernel or runtime bug away "
                      "from the host. Switch to root only for the steps that need it.",
               .example = "FROM debian:12\nUSER root\nRUN apt-get update\n",
               .instead = "FROM debian:12\nUSER root\nRUN apt-get update\nUSER 10001\n",
               .fix = rewrites::kAddNonRootUserFixDoc}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
