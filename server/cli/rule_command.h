#pragma once

#include <string>
#include <vector>

namespace whalesafe::cli {

// `whalesafe rule <slug|alias>`: prints the rule's documentation (Markdown). An alias naming
// several rules prints each.
int run_rule_command(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
