// move-secrets for a secret in an ENV or ARG: the declaration goes, and every RUN that read the
// variable reads it from a secret mount instead.
#pragma once

#include <cstdint>

#include "rewrites/rewrite.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

// `info` is the ENV/ARG instruction holding byte `offset`.
RewriteOutcome plan_move_secret_variable(const rules::RuleContext& ctx,
                                         const model::InstructionInfo& info, uint32_t offset);

}  // namespace whalesafe::rewrites
