#include "rules/registry.h"

#include <algorithm>

#include "rules/node_util.h"

namespace whalesafe::rules {

// Each rule file defines its accessor; a function-local static inside it avoids any static
// initialization order question, and naming them here keeps the linker from dropping rule
// files that nothing else references (the library is static).
#define WHALESAFE_RULE(name) const Rule& rule_##name();
#include "rules/rule_list.inc"
#undef WHALESAFE_RULE

namespace {

std::vector<const Rule*> build() {
  std::vector<const Rule*> rules{
#define WHALESAFE_RULE(name) &rule_##name(),
#include "rules/rule_list.inc"
#undef WHALESAFE_RULE
  };
  std::sort(rules.begin(), rules.end(),
            [](const Rule* a, const Rule* b) { return a->info.slug < b->info.slug; });
  return rules;
}

}  // namespace

std::span<const Rule* const> all_rules() {
  static const std::vector<const Rule*> rules = build();
  return rules;
}

const Rule* find_rule(std::string_view slug) {
  for (const Rule* rule : all_rules()) {
    if (rule->info.slug == slug) return rule;
  }
  return nullptr;
}

ResolvedName resolve_rule_name(std::string_view name) {
  ResolvedName resolved;
  if (const Rule* rule = find_rule(name)) {
    resolved.kind = NameKind::kRule;
    resolved.rules.push_back(rule);
    return resolved;
  }
  for (const Rule* rule : all_rules()) {
    const auto& aliases = rule->info.aliases;
    if (std::any_of(aliases.begin(), aliases.end(),
                    [&](std::string_view alias) { return iequals(alias, name); })) {
      resolved.rules.push_back(rule);
    }
  }
  if (!resolved.rules.empty()) {
    resolved.kind = NameKind::kRule;
  } else if (is_known_external_id(name)) {
    resolved.kind = NameKind::kExternal;
  }
  return resolved;
}

std::string_view fix_kind_name(FixKind kind) {
  switch (kind) {
    case FixKind::kNone:
      return "none";
    case FixKind::kSafe:
      return "safe";
    case FixKind::kUnsafe:
      return "unsafe";
    case FixKind::kSafeOrUnsafe:
      return "safe or unsafe";
  }
  return "none";
}

}  // namespace whalesafe::rules
