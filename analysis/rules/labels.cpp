#include "rules/labels.h"

#include <algorithm>

#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

struct LabelEntries {
  std::vector<LabelEntry> entries;
};

const model::Word* word_for(const model::InstructionInfo& info, TSNode node) {
  if (ts_node_is_null(node)) return nullptr;
  for (const model::Word& w : info.words) {
    if (ts_node_eq(w.node, node)) return &w;
  }
  return nullptr;
}

bool all_defined(const model::Word& w) {
  return std::all_of(w.expansion.uses.begin(), w.expansion.uses.end(),
                     [](const model::VariableUse& u) { return u.defined; });
}

LabelEntries collect(const RuleContext& ctx) {
  LabelEntries out;
  for (const model::InstructionInfo& info : ctx.model().instructions) {
    if (info.keyword != "label") continue;
    for (TSNode pair : fields(info.node, "pair")) {
      LabelEntry e;
      e.instruction = info.node;
      e.pair = pair;
      e.key_node = field(pair, "name");
      e.value_node = field(pair, "value");
      e.stage = info.stage;
      const model::Word* key = word_for(info, e.key_node);
      if (key == nullptr || !key->ok()) continue;
      e.key = key->value();
      e.key_literal = key->expansion.uses.empty();
      e.key_known = all_defined(*key);
      if (ts_node_is_null(e.value_node)) {
        e.literal_value = "";
      } else if (const model::Word* value = word_for(info, e.value_node);
                 value != nullptr && value->ok() && value->expansion.uses.empty()) {
        e.literal_value = value->value();
      }
      out.entries.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace

const std::vector<LabelEntry>& label_entries(const RuleContext& ctx) {
  return ctx.shared_fact<LabelEntries>([&] { return collect(ctx); }).entries;
}

std::vector<std::size_t> final_image_stages(const model::Model& model) {
  std::vector<std::size_t> chain;
  const model::Stage* stage = model.final_stage();
  while (stage != nullptr) {
    if (std::find(chain.begin(), chain.end(), stage->index) != chain.end()) break;
    chain.push_back(stage->index);
    const std::optional<std::size_t> parent = stage->base.stage;
    stage = parent && *parent < model.stages.size() ? &model.stages[*parent] : nullptr;
  }
  return chain;
}

}  // namespace whalesafe::rules
