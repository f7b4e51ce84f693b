// The base image of each FROM as written, for the base-image-* rules (the semantic model will
// add ARG-resolved references; these rules then read it instead).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_context.h"

namespace whalesafe::rules {

struct BaseImage {
  const SyntaxStage* stage = nullptr;
  TSNode spec{};  // image_spec
  TSNode name{};  // image_name
  TSNode tag{};   // image_tag (null when untagged)
  TSNode digest{};
  std::string name_text;
  bool uses_variables = false;  // any $VAR in the reference as written
  // For a reference with variables: its value with the ARG defaults in force before the FROM
  // (the semantic model's resolution), when every variable it uses has a value or a fallback;
  // nullopt when that value is only known at build time (`ARG TAG` without a default).
  std::optional<std::string> resolved;
  bool is_scratch = false;
  bool is_stage = false;  // names an earlier stage (`FROM build`), not an image
};

// The reference to judge: the text as written, or its resolved value when it uses variables;
// nullopt when it uses variables that only the build will supply.
std::optional<std::string> effective_reference(const RuleContext& ctx, const BaseImage& b);

// One entry per stage, in order; stages whose FROM has no image are skipped. Computed once per
// context (the base-image rules and the pin of every stage all ask).
const std::vector<BaseImage>& base_images(const RuleContext& ctx);

// The earlier stage `stage` is built FROM (`FROM build`), or nullptr when its base is an image.
const SyntaxStage* parent_stage(const RuleContext& ctx, const SyntaxStage& stage);

}  // namespace whalesafe::rules
