#pragma once

#include <string>
#include <vector>

namespace whalesafe::cli {

// `whalesafe check [options] [FILE|DIR|-]...`: runs the rules and reports findings.
int run_check_command(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
