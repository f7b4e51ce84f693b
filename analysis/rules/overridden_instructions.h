// Shared by multiple-cmd, multiple-entrypoint and multiple-healthcheck: in each stage only the
// last instruction of a kind takes effect; the earlier ones are reported.
#pragma once

#include <string_view>

#include "rules/rule_context.h"

namespace whalesafe::rules {

// Reports every `node_type` instruction of a stage that a later one of the same stage
// overrides (top-level only: an ONBUILD CMD belongs to the child image).
void report_overridden(const RuleContext& ctx, Reporter& reporter, std::string_view node_type);

}  // namespace whalesafe::rules
