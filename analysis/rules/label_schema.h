// hadolint's label schema (`label-schema` in .hadolint.yaml and .whalesafe.yaml): the labels an
// image must carry, each with the type its value must have, and whether labels outside the
// schema are allowed (`strict-labels`). Read by the label-* rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whalesafe::rules {

// The value types hadolint defines for a schema label.
enum class LabelType {
  kText,     // any text, but not empty
  kUrl,      // an absolute URI: scheme ":" ...
  kHash,     // a git commit hash: 7 or 40 lower-case hexadecimal digits
  kRfc3339,  // an RFC 3339 date-time: 2024-05-01T12:00:00Z
  kSemver,   // a semantic version 2.0.0: 1.2.3, 1.2.3-rc.1+build.5
  kSpdx,     // an SPDX license expression: MIT, Apache-2.0 OR MIT
  kEmail,    // an e-mail address: name@example.com
};

// "text", "url", "hash", "rfc3339", "semver", "spdx", "email" (as in the configuration files).
std::string_view label_type_name(LabelType type);
std::optional<LabelType> parse_label_type(std::string_view name);

struct LabelSchema {
  // In the order the configuration lists them (messages and findings follow it).
  std::vector<std::pair<std::string, LabelType>> labels;
  // `strict-labels: true`: a label whose key is not in the schema is reported.
  bool strict = false;

  bool empty() const { return labels.empty(); }
  // The type `key` must have, or nullptr when the schema does not name it.
  const LabelType* find(std::string_view key) const;
  // Adds `key` or, when the schema has it already, changes its type (a later file wins).
  void set(std::string key, LabelType type);
};

}  // namespace whalesafe::rules
