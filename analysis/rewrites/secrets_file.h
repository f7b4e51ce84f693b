// move-secrets for a credential file copied into the image (.npmrc, .pypirc, .netrc): the
// COPY source goes, and the RUNs that use the file get it as a secret mount at the same path.
#pragma once

#include <cstdint>

#include "rewrites/rewrite.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

// `info` is the COPY/ADD instruction holding byte `offset`.
RewriteOutcome plan_move_secret_file(const rules::RuleContext& ctx,
                                     const model::InstructionInfo& info, uint32_t offset);

}  // namespace whalesafe::rewrites
