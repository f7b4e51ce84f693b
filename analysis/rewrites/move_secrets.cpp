// move-secrets: a credential in an ENV/ARG (secrets_variable.cpp) or a credential file copied
// into the image (secrets_file.cpp) becomes a BuildKit secret mounted only into the RUNs that
// need it, so it never reaches the image's layers, configuration or history.
#include "rewrites/rewrite.h"
#include "rewrites/secrets_file.h"
#include "rewrites/secrets_variable.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

RewriteOutcome plan_move_secrets(const rules::RuleContext& ctx, uint32_t offset) {
  const model::InstructionInfo* info = ctx.model().instruction_at(offset);
  if (info == nullptr) return {std::nullopt, "there is no instruction here"};
  if (info->keyword == "env" || info->keyword == "arg") {
    return plan_move_secret_variable(ctx, *info, offset);
  }
  if (info->keyword == "copy" || info->keyword == "add") {
    return plan_move_secret_file(ctx, *info, offset);
  }
  return {std::nullopt,
          "only a secret in an ENV or ARG, or a copied .npmrc, .pypirc or .netrc, can be moved "
          "to a build secret"};
}

}  // namespace whalesafe::rewrites
