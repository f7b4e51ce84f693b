#include "model/scope.h"

#include <utility>

namespace whalesafe::model {

ScopePtr Scope::extend(const ScopePtr& parent, Variables set) {
  auto scope = std::make_shared<Scope>();
  scope->own_ = std::move(set);
  ScopePtr above = parent;
  // Merge every level above that is not larger than the new one: the levels then grow
  // strictly in size towards the top of the chain, which bounds its depth by the logarithm of
  // the number of variables, and each variable is copied a logarithmic number of times.
  while (above != nullptr && above->own_.size() <= scope->own_.size()) {
    for (const auto& [name, variable] : above->own_) scope->own_.emplace(name, variable);
    above = above->parent_;
  }
  scope->parent_ = std::move(above);
  return scope;
}

const Variable* Scope::lookup(std::string_view name) const {
  for (const Scope* level = this; level != nullptr; level = level->parent_.get()) {
    if (const auto it = level->own_.find(name); it != level->own_.end()) return &it->second;
  }
  return nullptr;
}

std::map<std::string_view, const Variable*> Scope::all() const {
  std::map<std::string_view, const Variable*> out;
  // The nearest level first: emplace keeps the first variable of each name.
  for (const Scope* level = this; level != nullptr; level = level->parent_.get()) {
    for (const auto& [name, variable] : level->own_) out.emplace(name, &variable);
  }
  return out;
}

}  // namespace whalesafe::model
