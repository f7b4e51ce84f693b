// Every `key=value` of the document's LABEL instructions, read through the semantic model
// (quotes removed, variables expanded as BuildKit does), for the label-* rules.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <vector>

#include "rules/rule_context.h"

namespace whalesafe::rules {

struct LabelEntry {
  TSNode instruction{};
  TSNode pair{};
  TSNode key_node{};
  TSNode value_node{};  // null for a pair without a value
  int stage = -1;
  std::string key;  // as BuildKit reads it: quotes removed, variables expanded
  // The key has no variables, or only ones with a value: `key` is what the image gets.
  bool key_known = false;
  bool key_literal = false;  // written without variables
  // The value as BuildKit reads it, when written without variables (ARG/ENV values are only
  // known at build time, so they are never judged); nullopt otherwise.
  std::optional<std::string> literal_value;
};

// In source order; top-level LABEL instructions only (ONBUILD LABEL labels a later image).
const std::vector<LabelEntry>& label_entries(const RuleContext& ctx);

// The stages whose LABELs the final image carries: the final stage and the stages it is built
// on through `FROM <stage>`, final first. Empty when there is no stage.
std::vector<std::size_t> final_image_stages(const model::Model& model);

}  // namespace whalesafe::rules
