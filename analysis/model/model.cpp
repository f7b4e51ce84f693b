#include "model/model.h"

#include <algorithm>
#include <cctype>

namespace whalesafe::model {

bool EffectiveUser::is_root() const {
  if (origin == Origin::kScratch) return true;
  if (origin != Origin::kInstruction) return false;
  const std::string_view name = std::string_view(user).substr(0, user.find(':'));
  return name == "root" || name == "0";
}

const Stage* Model::final_stage() const {
  for (const Stage& s : stages) {
    if (s.is_final) return &s;
  }
  return nullptr;
}

const Stage* Model::stage_named(std::string_view name) const {
  std::string wanted(name);
  for (char& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // BuildKit keeps the last stage registered under a name.
  for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
    if (!it->name.empty() && it->name == wanted) return &*it;
  }
  return nullptr;
}

const InstructionInfo* Model::instruction_at(uint32_t byte) const {
  // Instructions are in source order: the candidate is the last one starting at or before byte.
  std::size_t index = 0;
  if (instruction_starts.size() == instructions.size()) {
    const auto it = std::upper_bound(instruction_starts.begin(), instruction_starts.end(), byte);
    if (it == instruction_starts.begin()) return nullptr;
    index = static_cast<std::size_t>(it - instruction_starts.begin()) - 1;
  } else {  // a Model not made by build_model
    const auto it = std::upper_bound(
        instructions.begin(), instructions.end(), byte,
        [](uint32_t b, const InstructionInfo& i) { return b < ts_node_start_byte(i.node); });
    if (it == instructions.begin()) return nullptr;
    index = static_cast<std::size_t>(it - instructions.begin()) - 1;
  }
  const InstructionInfo& candidate = instructions[index];
  return byte < ts_node_end_byte(candidate.node) ? &candidate : nullptr;
}

std::vector<const VariableReference*> Model::undefined_references() const {
  std::vector<const VariableReference*> out;
  for (const VariableReference& r : references) {
    if (r.use.defined || r.declared || r.use.is_special_parameter() || r.use.has_fallback()) {
      continue;
    }
    out.push_back(&r);
  }
  return out;
}

}  // namespace whalesafe::model
