#pragma once

#include <string>
#include <vector>

// `whalesafe catalog update [--source-url URL] [--timeout SECONDS]` (catalog_command.cpp).
// `whalesafe catalog` without `update` (listing the rules) is not implemented yet.
int run_catalog_command(const std::vector<std::string>& args);
