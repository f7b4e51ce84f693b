// Build variables (ARG and ENV) and the scopes BuildKit resolves `$NAME` in.
#pragma once

#include <tree_sitter/api.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/word_expansion.h"

namespace whalesafe::model {

enum class VariableKind {
  kPlatformArg,  // BUILDPLATFORM, TARGETOS, ...: predefined in the global scope
  kGlobalArg,    // ARG before the first FROM
  kArg,          // ARG inside a stage
  kEnv,          // ENV inside a stage
};

struct Variable {
  std::string name;
  // The value BuildKit would use, or nullopt when the variable is declared without one (`ARG X`
  // with no default, no --build-arg and no global default): then `$X` expands to "".
  std::optional<std::string> value;
  VariableKind kind = VariableKind::kArg;
  bool from_build_arg = false;   // the value came from ModelOptions::build_args
  bool imported_global = false;  // `ARG X` in a stage took the global ARG's default
  int stage = -1;                // the stage that declared it; -1 for the global scope
  TSNode declaration{};          // arg_declaration or env_pair (null for platform args)
  TSNode instruction{};          // the ARG/ENV instruction (null for platform args)
};

// Name -> variable. BuildKit on Linux compares names case-sensitively.
using Scope = std::map<std::string, Variable, std::less<>>;
using ScopePtr = std::shared_ptr<const Scope>;

// A lookup for expand_word: the value of a variable of `scope` that has one.
inline VariableLookup lookup_in(const Scope& scope) {
  return [&scope](std::string_view name) -> std::optional<std::string_view> {
    const auto it = scope.find(name);
    if (it == scope.end() || !it->second.value) return std::nullopt;
    return std::string_view(*it->second.value);
  };
}

}  // namespace whalesafe::model
