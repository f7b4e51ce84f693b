// Placeholder until this rewrite lands (issue #4 §2): it offers nothing and says so.
#include "rewrites/rewrite.h"

namespace whalesafe::rewrites {

RewriteOutcome plan_pin_slim_tag(const rules::RuleContext& /*ctx*/, uint32_t /*offset*/) {
  return {std::nullopt, "this rewrite is not available yet"};
}

}  // namespace whalesafe::rewrites
