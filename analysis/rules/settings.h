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
  // The Dockerfile's path on disk, when checked from a file (`whalesafe check FILE`); empty for
  // standard input and editors. Rules that look at the build context (its directory) need it.
  std::string dockerfile_path;
};

}  // namespace whalesafe::rules
