// Which stages end up in the final image: the final stage and the stages it is built FROM
// (`FROM build AS final` keeps every layer of `build`). Image-size rules look only at these;
// what other stages hold reaches the final image only through COPY --from.
#pragma once

#include <cstddef>
#include <vector>

#include "rules/rule_context.h"

namespace whalesafe::rules {

// Indexes of the final stage and its FROM ancestors, final stage first; empty without stages.
std::vector<std::size_t> final_image_stages(const RuleContext& ctx);

// Whether stage `index` is one of final_image_stages().
bool reaches_final_image(const RuleContext& ctx, std::size_t index);

}  // namespace whalesafe::rules
