// The rule registry: every rule, lookup by slug or alias, and the names that suppressions and
// configuration may use.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace whalesafe::rules {

// All rules, sorted by slug.
std::span<const Rule* const> all_rules();

// The rule with this exact slug, or nullptr.
const Rule* find_rule(std::string_view slug);

enum class NameKind {
  kRule,      // a slug or an alias of at least one of our rules
  kExternal,  // a real ID of another tool (hadolint, BuildKit, ShellCheck, Trivy, Checkov) that
              // no whalesafe rule implements yet: accepted and ignored
  kUnknown,   // neither: a typo, reported
};

struct ResolvedName {
  NameKind kind = NameKind::kUnknown;
  std::vector<const Rule*> rules;  // for kRule: the rules it names (an alias may name several)
};

// Resolves a slug (exact) or an alias (case-insensitive).
ResolvedName resolve_rule_name(std::string_view name);

// True for IDs of other tools that whalesafe knows exist (see external_ids.cpp).
bool is_known_external_id(std::string_view name);

}  // namespace whalesafe::rules
