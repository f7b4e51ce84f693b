// The four hardening rewrites (issue #4 §2): structural, unsafe fixes that rules offer as their
// fix (pin-slim-tag for the base-image rules, add-non-root-user for user-missing/user-root,
// split-multi-stage for build-tools-in-final-stage, move-secrets for the secret rules) and that
// the language server offers as `refactor.rewrite.whalesafe.<id>` code actions on the relevant
// instruction even where no rule reports anything. One file per rewrite; this header is the
// only interface the rules and the server use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "findings/diagnostic.h"

namespace whalesafe::rules {
class RuleContext;
}

namespace whalesafe::rewrites {

enum class RewriteKind { kPinSlimTag, kAddNonRootUser, kSplitMultiStage, kMoveSecrets };

inline constexpr RewriteKind kAllRewrites[] = {
    RewriteKind::kPinSlimTag, RewriteKind::kAddNonRootUser, RewriteKind::kSplitMultiStage,
    RewriteKind::kMoveSecrets};

// Stable identifiers: "pin-slim-tag", "add-non-root-user", "split-multi-stage", "move-secrets"
// (the LSP code action kind is "refactor.rewrite.whalesafe." + id).
std::string_view rewrite_id(RewriteKind kind);
std::optional<RewriteKind> parse_rewrite_id(std::string_view id);
// A short imperative title, e.g. "Pin the base image to a slim tag".
std::string_view rewrite_title(RewriteKind kind);

// A planned rewrite: the fix when it applies (its applicability is always kUnsafe: it changes
// what the image contains or how it runs), otherwise the reason none is offered, in words meant
// for the user ("the build artifact could not be determined: ...").
struct RewriteOutcome {
  std::optional<findings::Fix> fix;
  std::string why_not;
};

// Plans `kind` for the instruction that contains byte `offset` of the context's document (any
// byte of it; for rewrites that work on a whole stage, any instruction of that stage).
RewriteOutcome plan_rewrite(RewriteKind kind, const rules::RuleContext& ctx, uint32_t offset);

// The per-rewrite planners behind plan_rewrite, one file each.
RewriteOutcome plan_pin_slim_tag(const rules::RuleContext& ctx, uint32_t offset);
RewriteOutcome plan_add_non_root_user(const rules::RuleContext& ctx, uint32_t offset);
RewriteOutcome plan_split_multi_stage(const rules::RuleContext& ctx, uint32_t offset);
RewriteOutcome plan_move_secrets(const rules::RuleContext& ctx, uint32_t offset);

}  // namespace whalesafe::rewrites
