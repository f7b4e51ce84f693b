#pragma once

#include <string>
#include <vector>

namespace whalesafe::cli {

// `whalesafe check [options] [FILE|DIR|-]...`: runs the rules and reports findings.
int run_check_command(const std::vector<std::string>& args);

// `whalesafe --fix [options] [FILE|DIR]...`: `check --fix`.
int run_fix_command(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
