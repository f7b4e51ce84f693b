#include "rules/variable_word.h"

#include <cctype>

#include "rules/node_util.h"

namespace whalesafe::rules {

std::optional<std::string> variable_word_value(const RuleContext& ctx, TSNode instruction,
                                               std::string_view word) {
  std::string_view name = strip_quotes(word);
  if (!name.starts_with("$")) return std::nullopt;
  name.remove_prefix(1);
  if (name.starts_with("{") && name.ends_with("}")) name = name.substr(1, name.size() - 2);
  if (name.empty()) return std::nullopt;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return std::nullopt;
  }
  const model::InstructionInfo* info = ctx.model().instruction_at(ts_node_start_byte(instruction));
  if (info == nullptr || !info->scope) return std::nullopt;
  const model::Variable* v = info->scope->lookup(name);
  if (v == nullptr) return std::nullopt;
  return v->value;
}

}  // namespace whalesafe::rules
