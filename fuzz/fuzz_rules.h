// The rule selection and settings the analysis and fixer targets use: every rule but
// `shellcheck` (it runs an external program per RUN, which would measure process spawning, not
// whalesafe), and a fixed day for end-of-life checks so that a crash reproduces on any day.
#pragma once

#include <algorithm>

#include "catalog/date.h"
#include "rules/runner.h"
#include "rules/settings.h"

namespace whalesafe::fuzz {

inline const rules::RuleSelection& fuzz_selection() {
  static const rules::RuleSelection selection = [] {
    rules::RuleSelection s = rules::RuleSelection::all();
    std::erase_if(s.rules,
                  [](const rules::EnabledRule& e) { return e.rule->info.slug == "shellcheck"; });
    return s;
  }();
  return selection;
}

inline rules::RuleSettings fuzz_settings() {
  rules::RuleSettings settings;
  settings.eol_date = catalog::Date::parse("2026-11-23");
  return settings;
}

}  // namespace whalesafe::fuzz
