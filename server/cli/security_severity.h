// The security-severity scores that GitHub code scanning reads from a SARIF rule's
// `properties.security-severity` (a CVSS-like number from 0.0 to 10.0: 9.0 or more is shown as
// critical, 7.0 high, 4.0 medium, below that low). Only rules about security have one; the
// SARIF writer also tags them "security", which code scanning needs to use the score.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace whalesafe::cli {

struct SecurityScore {
  std::string_view slug;
  double score;
};

// Every scored rule, by slug (tests check that each names a real rule).
std::span<const SecurityScore> security_scores();

// The rule's score, or nothing when the rule is not about security.
std::optional<double> security_severity(std::string_view slug);

}  // namespace whalesafe::cli
