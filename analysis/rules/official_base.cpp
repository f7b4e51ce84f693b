#include "rules/official_base.h"

#include "catalog/image_ref.h"

namespace whalesafe::rules {

std::optional<OfficialBase> official_base(const RuleContext& ctx, const BaseImage& b) {
  if (b.is_scratch || b.is_stage) return std::nullopt;
  const std::optional<std::string> reference = effective_reference(ctx, b);
  if (!reference) return std::nullopt;
  const catalog::ImageRef ref = catalog::split_reference(*reference);
  if (ref.has_variable) return std::nullopt;
  std::optional<std::string> image = catalog::official_image_name(ref.name);
  const std::string tag = ref.effective_tag();
  if (!image || tag.empty()) return std::nullopt;
  return OfficialBase{.image = std::move(*image),
                      .tag = tag,
                      .literal = !b.uses_variables,
                      .has_digest = !ref.digest.empty()};
}

}  // namespace whalesafe::rules
