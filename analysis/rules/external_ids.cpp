// IDs of other Dockerfile linters, so that `# hadolint ignore=DL3008` or `# check=skip=...`
// naming a check whalesafe does not implement yet is not reported as a typo. Facts only: the
// ranges and names each tool publishes.
#include <array>
#include <cctype>
#include <string_view>

#include "rules/node_util.h"
#include "rules/registry.h"

namespace whalesafe::rules {
namespace {

// BuildKit's build check names (docs.docker.com/reference/build-checks).
constexpr std::array<std::string_view, 22> kBuildkitChecks{
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
};

// `prefix` followed by exactly `digits` decimal digits; returns the number or -1.
int numbered(std::string_view name, std::string_view prefix, std::size_t digits) {
  if (name.size() != prefix.size() + digits || !iequals(name.substr(0, prefix.size()), prefix)) {
    return -1;
  }
  int value = 0;
  for (char c : name.substr(prefix.size())) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

bool is_known_external_id(std::string_view name) {
  for (std::string_view check : kBuildkitChecks) {
    if (iequals(check, name)) return true;
  }
  // hadolint: DL1001 (inline pragmas), DL3000-DL3062, DL4000-DL4006.
  if (const int dl = numbered(name, "DL", 4);
      dl == 1001 || (dl >= 3000 && dl <= 3062) || (dl >= 4000 && dl <= 4006)) {
    return true;
  }
  // ShellCheck codes, which hadolint passes through (SC1000-SC3999).
  if (const int sc = numbered(name, "SC", 4); sc >= 1000 && sc <= 3999) return true;
  // Trivy's Dockerfile checks (DS001-DS031, also written AVD-DS-0001).
  if (const int ds = numbered(name, "DS", 3); ds >= 1 && ds <= 31) return true;
  if (const int avd = numbered(name, "AVD-DS-", 4); avd >= 1 && avd <= 31) return true;
  // Checkov: CKV_DOCKER_1-11 and CKV2_DOCKER_1-17.
  for (std::size_t digits = 1; digits <= 2; ++digits) {
    if (const int c = numbered(name, "CKV_DOCKER_", digits); c >= 1 && c <= 11) return true;
    if (const int c = numbered(name, "CKV2_DOCKER_", digits); c >= 1 && c <= 17) return true;
  }
  return false;
}

}  // namespace whalesafe::rules
