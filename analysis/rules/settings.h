// Rule options that come from configuration (.whalesafe.yaml, .hadolint.yaml), read by the
// rules that need them.
#pragma once

#include <string>
#include <vector>

namespace whalesafe::rules {

struct RuleSettings {
  // Registries (or registry/namespace prefixes) whose images are trusted; empty: no policy.
  std::vector<std::string> trusted_registries;
  // Days after an end-of-life date before base-image-eol reports it.
  int eol_grace_days = 0;
};

}  // namespace whalesafe::rules
