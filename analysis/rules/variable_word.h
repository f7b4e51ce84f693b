// The value of a shell word that is a single variable (`$URL`, `"${URL}"`) when an ENV or ARG
// in scope at the instruction gives it one.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>

#include "rules/rule_context.h"

namespace whalesafe::rules {

std::optional<std::string> variable_word_value(const RuleContext& ctx, TSNode instruction,
                                               std::string_view word);

}  // namespace whalesafe::rules
