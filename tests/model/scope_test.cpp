// Scope: the persistent name -> variable map every instruction of the model keeps.
#include "model/scope.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using whalesafe::model::Scope;
using whalesafe::model::ScopePtr;
using whalesafe::model::Variable;

namespace {

Scope::Variables one(const std::string& name, const std::string& value) {
  Variable v;
  v.name = name;
  v.value = value;
  return Scope::Variables{{name, v}};
}

std::string value_of(const ScopePtr& scope, std::string_view name) {
  const Variable* v = scope->lookup(name);
  return v == nullptr ? "<unset>" : v->value.value_or("<no value>");
}

}  // namespace

TEST_CASE("a scope sees its own variables over its parent's, and the parent is unchanged",
          "[unit][scope]") {
  const ScopePtr base = Scope::extend(nullptr, one("A", "1"));
  const ScopePtr over = Scope::extend(base, one("A", "2"));
  const ScopePtr more = Scope::extend(over, one("B", "3"));
  CHECK(value_of(base, "A") == "1");
  CHECK(value_of(over, "A") == "2");
  CHECK(value_of(more, "A") == "2");
  CHECK(value_of(more, "B") == "3");
  CHECK(value_of(base, "B") == "<unset>");
  CHECK(value_of(more, "a") == "<unset>");  // names are case-sensitive
  const auto all = more->all();
  REQUIRE(all.size() == 2);
  CHECK(all.begin()->first == "A");
  CHECK(*all.begin()->second->value == "2");
  CHECK(std::make_shared<Scope>()->empty());
  CHECK_FALSE(base->empty());
}

TEST_CASE("a long chain of scopes keeps every version's variables", "[unit][scope]") {
  // 2,000 ENVs in one stage, each redefining V and adding its own name: every intermediate
  // scope (as the instructions keep them) must still answer as it did when it was made.
  std::vector<ScopePtr> versions{std::make_shared<Scope>()};
  for (int i = 0; i < 2000; ++i) {
    Scope::Variables set = one("V", std::to_string(i));
    for (auto& entry : one("N" + std::to_string(i), "x")) set.insert(std::move(entry));
    versions.push_back(Scope::extend(versions.back(), std::move(set)));
  }
  for (int i = 0; i < 2000; i += 97) {
    const ScopePtr& s = versions[static_cast<std::size_t>(i) + 1];
    CHECK(value_of(s, "V") == std::to_string(i));
    CHECK(value_of(s, "N0") == "x");
    CHECK(value_of(s, "N" + std::to_string(i)) == "x");
    CHECK(value_of(s, "N" + std::to_string(i + 1)) == "<unset>");
    CHECK(s->all().size() == static_cast<std::size_t>(i) + 2);  // V and N0..Ni
  }
}
