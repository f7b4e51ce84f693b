#include "rules/pin_latest_fix.h"

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "catalog/image_ref.h"

namespace whalesafe::rules {

std::optional<findings::Fix> pin_latest_fix(const RuleContext& ctx, const BaseImage& b) {
  if (b.uses_variables || b.is_scratch || b.is_stage || !ts_node_is_null(b.digest)) {
    return std::nullopt;
  }
  const std::optional<std::string> image = catalog::official_image_name(b.name_text);
  if (!image) return std::nullopt;
  const std::optional<std::string_view> pin = catalog::pinned_tag(*image, "latest");
  if (!pin) return std::nullopt;
  findings::Fix fix{fmt::format("Pin {} to {}:{}", b.name_text, b.name_text, *pin),
                    findings::Applicability::kUnsafe,
                    {}};
  if (!ts_node_is_null(b.tag)) {
    if (ctx.text(b.tag) != "latest") return std::nullopt;
    fix.edits.push_back({ts_node_start_byte(b.tag), ts_node_end_byte(b.tag), std::string(*pin)});
  } else {
    const uint32_t end = ts_node_end_byte(b.name);
    fix.edits.push_back({end, end, fmt::format(":{}", *pin)});
  }
  return fix;
}

}  // namespace whalesafe::rules
