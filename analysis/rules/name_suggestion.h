// "Did you mean ...?" for variable names: the declared name a misspelled one most likely meant.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/scope.h"

namespace whalesafe::rules {

// Levenshtein distance (insertions, deletions, substitutions), byte by byte.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The variable of `scope` that `name` probably misspells: the same letters in another case, or
// one edit away (two for names of 8 characters or more); the closest one when several are.
std::optional<std::string> similar_name(const model::Scope& scope, std::string_view name);

}  // namespace whalesafe::rules
