// Every place a Dockerfile gives an environment variable a value that programs will read:
// ENV pairs and ARG defaults (RUN sees both), and assignments in shell code (`X=1 cmd`,
// `export X=1`, `env X=1 cmd`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_context.h"

namespace whalesafe::rules {

struct VariableSetting {
  std::string name;
  std::optional<std::string> value;  // none when only known at build time ($X, $(cmd))
  uint32_t start = 0;                // the assignment in the Dockerfile
  uint32_t end = 0;
};

std::vector<VariableSetting> variable_settings(const RuleContext& ctx);

}  // namespace whalesafe::rules
