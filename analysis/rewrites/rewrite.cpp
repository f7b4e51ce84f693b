// Names of the rewrites and the dispatch to their planners.
#include "rewrites/rewrite.h"

namespace whalesafe::rewrites {

std::string_view rewrite_id(RewriteKind kind) {
  switch (kind) {
    case RewriteKind::kPinSlimTag:
      return "pin-slim-tag";
    case RewriteKind::kAddNonRootUser:
      return "add-non-root-user";
    case RewriteKind::kSplitMultiStage:
      return "split-multi-stage";
    case RewriteKind::kMoveSecrets:
      return "move-secrets";
  }
  return "";
}

std::optional<RewriteKind> parse_rewrite_id(std::string_view id) {
  for (RewriteKind kind : kAllRewrites) {
    if (rewrite_id(kind) == id) return kind;
  }
  return std::nullopt;
}

std::string_view rewrite_title(RewriteKind kind) {
  switch (kind) {
    case RewriteKind::kPinSlimTag:
      return "Pin the base image to a slim tag";
    case RewriteKind::kAddNonRootUser:
      return "Run as a non-root user";
    case RewriteKind::kSplitMultiStage:
      return "Split into a multi-stage build";
    case RewriteKind::kMoveSecrets:
      return "Move secrets to build secrets";
  }
  return "";
}

RewriteOutcome plan_rewrite(RewriteKind kind, const rules::RuleContext& ctx, uint32_t offset) {
  switch (kind) {
    case RewriteKind::kPinSlimTag:
      return plan_pin_slim_tag(ctx, offset);
    case RewriteKind::kAddNonRootUser:
      return plan_add_non_root_user(ctx, offset);
    case RewriteKind::kSplitMultiStage:
      return plan_split_multi_stage(ctx, offset);
    case RewriteKind::kMoveSecrets:
      return plan_move_secrets(ctx, offset);
  }
  return {};
}

}  // namespace whalesafe::rewrites
