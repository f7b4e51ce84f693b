// The pin-slim-tag rewrite for one FROM, as the base-image rules attach it to their findings.
// plan_pin_slim_tag (rewrite.h) is the same plan looked up by byte offset.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "rewrites/rewrite.h"

namespace whalesafe::rewrites {

struct StagePin {
  RewriteOutcome outcome;
  bool adds_digest = false;  // the fix appends `@sha256:...` (from the settings' digest lookup)
};

// The plan for stage `stage`'s FROM (an index into ctx.stages()), computed once per context
// and shared by every rule that asks: one coherent fix per FROM, whichever rules report it.
const StagePin& pin_for_stage(const rules::RuleContext& ctx, std::size_t stage);

// A program that stage `stage`, or a stage built FROM it, runs and an Alpine image lacks
// (another distribution's package manager, `useradd`, bash, ...), or nullopt: such a stage is
// not moved to an Alpine small form, whose build would break.
std::optional<std::string> non_alpine_program(const rules::RuleContext& ctx, std::size_t stage);

}  // namespace whalesafe::rewrites
