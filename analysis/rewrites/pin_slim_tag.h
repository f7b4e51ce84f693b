// The pin-slim-tag rewrite for one FROM, as the base-image rules attach it to their findings.
// plan_pin_slim_tag (rewrite.h) is the same plan looked up by byte offset.
#pragma once

#include <cstddef>

#include "rewrites/rewrite.h"

namespace whalesafe::rewrites {

struct StagePin {
  RewriteOutcome outcome;
  bool adds_digest = false;  // the fix appends `@sha256:...` (from the settings' digest lookup)
};

// The plan for stage `stage`'s FROM (an index into ctx.stages()), computed once per context
// and shared by every rule that asks: one coherent fix per FROM, whichever rules report it.
const StagePin& pin_for_stage(const rules::RuleContext& ctx, std::size_t stage);

}  // namespace whalesafe::rewrites
