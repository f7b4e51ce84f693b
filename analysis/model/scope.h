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

// The variables visible at one point of a Dockerfile: name -> variable, compared
// case-sensitively (as BuildKit does on Linux). Immutable once made, and shared: every
// instruction keeps the scope it saw. A scope is a short chain of levels, each holding the
// variables set on top of the levels above it; extending it merges the new variables with the
// levels that are not larger than them (like the carries of a binary counter), so that the
// chain stays a few levels deep and each ENV or ARG costs a few map operations, not a copy of
// every variable in scope (quadratic on a long stage).
class Scope;
using ScopePtr = std::shared_ptr<const Scope>;

class Scope {
 public:
  using Variables = std::map<std::string, Variable, std::less<>>;

  Scope() = default;

  // `parent`'s variables (none when null) with `set` on top (replacing those of the same name).
  static ScopePtr extend(const ScopePtr& parent, Variables set);

  // The variable `name`, or null when the scope does not have it.
  const Variable* lookup(std::string_view name) const;
  // Every variable, by name.
  std::map<std::string_view, const Variable*> all() const;
  bool empty() const { return own_.empty() && parent_ == nullptr; }

 private:
  Variables own_;    // set at this level: they hide the parent's of the same name
  ScopePtr parent_;  // larger than this level (in variables held), or null
};

// A lookup for expand_word: the value of a variable of `scope` that has one.
inline VariableLookup lookup_in(const Scope& scope) {
  return [&scope](std::string_view name) -> std::optional<std::string_view> {
    const Variable* v = scope.lookup(name);
    if (v == nullptr || !v->value) return std::nullopt;
    return std::string_view(*v->value);
  };
}

}  // namespace whalesafe::model
