#include "config/selection.h"

#include <algorithm>

#include "rules/registry.h"
#include "rules/shellcheck_runner.h"

namespace whalesafe::config {

SelectionResult select_rules(const Config& config, const std::vector<std::string>& select,
                             const std::vector<std::string>& ignore) {
  SelectionResult result;
  const auto override_of = [&](const rules::Rule* r) -> const RuleOverride* {
    const auto it = config.rules.find(r->info.slug);
    return it == config.rules.end() ? nullptr : &it->second;
  };
  std::vector<const rules::Rule*> chosen;
  const auto resolve = [&](const std::string& name) {
    const rules::ResolvedName r = rules::resolve_rule_name(name);
    // Another tool's ID that whalesafe does not implement selects or ignores nothing, which is
    // right: `--ignore DL3008` from a hadolint command line keeps working.
    if (r.kind == rules::NameKind::kUnknown) result.unknown_names.push_back(name);
    return r.rules;
  };
  if (select.empty()) {
    for (const rules::Rule* r : rules::all_rules()) {
      const RuleOverride* o = override_of(r);
      const bool on = o != nullptr && o->enabled ? *o->enabled : r->info.enabled_by_default;
      if (on) chosen.push_back(r);
    }
  } else {
    for (const std::string& name : select) {
      if (name == "all") {
        chosen.assign(rules::all_rules().begin(), rules::all_rules().end());
        continue;
      }
      for (const rules::Rule* r : resolve(name)) chosen.push_back(r);
    }
  }
  for (const std::string& name : ignore) {
    if (rules::shellcheck::is_code(name)) result.ignored_codes.push_back(name);
    for (const rules::Rule* r : resolve(name)) {
      chosen.erase(std::remove(chosen.begin(), chosen.end(), r), chosen.end());
    }
  }
  for (const rules::Rule* r : chosen) {
    if (result.selection.find(r) != nullptr) continue;
    const RuleOverride* o = override_of(r);
    result.selection.rules.push_back(
        {r, o != nullptr && o->severity ? *o->severity : r->info.severity});
  }
  return result;
}

}  // namespace whalesafe::config
