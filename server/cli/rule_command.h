#pragma once

#include <string>
#include <vector>

namespace whalesafe::cli {

// `whalesafe rule <slug|alias>`: prints the rule's documentation (Markdown). An alias naming
// several rules prints each. `whalesafe rule` (or `--list`) lists every rule, one per line.
int run_rule_command(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
