// Configuration: `.whalesafe.yaml` (ours) and `.hadolint.yaml` (hadolint's, for drop-in use),
// found by searching upward from each Dockerfile's directory, or given with --config.
//
// .whalesafe.yaml:
//   rules:                      # by slug or alias
//     base-image-latest: off    # on | off | true | false | error | warning | info | style
//   severity-threshold: warning # exit status 1 for findings at or above this
//   trusted-registries: [docker.io, ghcr.io/acme]
//   eol-grace-days: 30
//   eol-date: 2026-11-23        # judge end of life on this day instead of today
//   label-schema: {org.opencontainers.image.version: semver}  # label key: type
//   strict-labels: true         # labels outside the schema are reported
//   max-file-size: 5MiB         # larger Dockerfiles are refused (config/size_limit.h)
// .hadolint.yaml: ignored, trustedRegistries, override.{error,warning,info,style},
//   failure-threshold, label-schema, strict-labels; hadolint's other keys are accepted and
//   ignored.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "rules/settings.h"

namespace whalesafe::config {

// A malformed file (invalid YAML, unreadable): the command cannot go on.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A problem inside a well-formed file (unknown rule or key, wrong value): reported, skipped.
struct ConfigProblem {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
  std::string message;
};

struct RuleOverride {
  std::optional<bool> enabled;
  std::optional<findings::Severity> severity;
};

struct Config {
  std::map<std::string, RuleOverride, std::less<>> rules;  // by slug
  rules::RuleSettings settings;
  // Exit-status threshold; `never_fail` is hadolint's `failure-threshold: none`.
  std::optional<findings::Severity> failure_threshold;
  bool never_fail = false;
  // `max-file-size`: larger documents are refused; unset: config::kDefaultMaxFileBytes.
  std::optional<std::size_t> max_file_bytes;
  std::vector<std::string> files;  // files read, in the order applied
  std::vector<ConfigProblem> problems;
};

enum class ConfigKind { kWhalesafe, kHadolint };

// By file name: names containing "hadolint" use hadolint's schema.
ConfigKind kind_of(const std::filesystem::path& file);

// Reads `file` and applies it on top of `config`. Throws ConfigError.
void load_config_file(const std::filesystem::path& file, Config& config);
// Same, from text (tests); `name` is used in messages.
void load_config_text(const std::string& text, const std::string& name, ConfigKind kind,
                      Config& config);

// The configuration files for a Dockerfile in `directory`: the nearest `.hadolint.yaml` (or
// .yml) and the nearest `.whalesafe.yaml` (or .yml) found from `directory` upward, hadolint's
// first so that ours wins where both set something.
std::vector<std::filesystem::path> find_config_files(const std::filesystem::path& directory);

}  // namespace whalesafe::config
