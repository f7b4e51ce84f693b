#include "rules/final_image.h"

#include <algorithm>

namespace whalesafe::rules {

std::vector<std::size_t> final_image_stages(const RuleContext& ctx) {
  std::vector<std::size_t> out;
  const model::Model& m = ctx.model();
  const model::Stage* stage = m.final_stage();
  // A base stage is always an earlier one, so the walk ends; the size bound is a safeguard.
  while (stage != nullptr && out.size() <= m.stages.size()) {
    out.push_back(stage->index);
    if (!stage->base.stage || *stage->base.stage >= stage->index) break;
    stage = &m.stages[*stage->base.stage];
  }
  return out;
}

bool reaches_final_image(const RuleContext& ctx, std::size_t index) {
  const std::vector<std::size_t> stages = final_image_stages(ctx);
  return std::find(stages.begin(), stages.end(), index) != stages.end();
}

}  // namespace whalesafe::rules
