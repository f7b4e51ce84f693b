#include "rules/base_image.h"

#include <algorithm>

#include "rules/node_util.h"

namespace whalesafe::rules {

namespace {

std::vector<BaseImage> compute_base_images(const RuleContext& ctx) {
  std::vector<BaseImage> out;
  for (const SyntaxStage& stage : ctx.stages()) {
    BaseImage b;
    b.stage = &stage;
    b.spec = field(stage.from, "image");
    if (ts_node_is_null(b.spec)) continue;
    b.name = field(b.spec, "name");
    b.tag = field(b.spec, "tag");
    b.digest = field(b.spec, "digest");
    if (ts_node_is_null(b.name)) continue;
    b.name_text = std::string(ctx.text(b.name));
    b.uses_variables = contains_expansion(b.spec);
    b.is_scratch = iequals(b.name_text, "scratch");
    b.is_stage = parent_stage(ctx, stage) != nullptr;
    if (b.uses_variables && stage.index < ctx.model().stages.size()) {
      const model::StageBase& base = ctx.model().stages[stage.index].base;
      const auto& uses = base.word.expansion.uses;
      const bool all_known = std::all_of(uses.begin(), uses.end(), [](const model::VariableUse& u) {
        return u.defined || u.has_fallback();
      });
      if (base.resolved && !base.resolved->empty() && all_known) {
        b.resolved = base.resolved;
        b.is_stage = base.stage.has_value();
        b.is_scratch = base.scratch;
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

const std::vector<BaseImage>& base_images(const RuleContext& ctx) {
  return ctx.shared_fact<std::vector<BaseImage>>([&] { return compute_base_images(ctx); });
}

const SyntaxStage* parent_stage(const RuleContext& ctx, const SyntaxStage& stage) {
  const TSNode name = field(field(stage.from, "image"), "name");
  if (ts_node_is_null(name) || contains_expansion(name)) return nullptr;
  const std::string lowered = ascii_lower(ctx.text(name));
  const SyntaxStage* found = nullptr;
  for (const SyntaxStage& earlier : ctx.stages()) {
    if (earlier.index >= stage.index) break;
    // A repeated name means the last stage of that name before this one.
    if (!earlier.name.empty() && earlier.name == lowered) found = &earlier;
  }
  return found;
}

std::optional<std::string> effective_reference(const RuleContext& ctx, const BaseImage& b) {
  if (!b.uses_variables) return std::string(ctx.text(b.spec));
  return b.resolved;
}

}  // namespace whalesafe::rules
