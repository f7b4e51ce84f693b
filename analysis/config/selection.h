// The rules a run uses: the defaults, adjusted by configuration (on/off, severities), then by
// the command line's --select (replaces the set; `all` selects every rule) and --ignore.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "rules/runner.h"

namespace whalesafe::config {

struct SelectionResult {
  rules::RuleSelection selection;
  std::vector<std::string> unknown_names;  // names in select/ignore that match nothing
  // ShellCheck codes in --ignore ("SC2086"): for RuleSettings::ignored_codes.
  std::vector<std::string> ignored_codes;
};

SelectionResult select_rules(const Config& config, const std::vector<std::string>& select,
                             const std::vector<std::string>& ignore);

}  // namespace whalesafe::config
