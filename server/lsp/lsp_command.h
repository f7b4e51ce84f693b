#pragma once

#include <string>
#include <vector>

namespace whalesafe::lsp {

// `whalesafe lsp [--stdio] [--listen [HOST:]PORT] [--log-file PATH]`: serves the Language
// Server Protocol until exit; returns the process exit status.
int run_lsp_command(const std::vector<std::string>& args);

}  // namespace whalesafe::lsp
