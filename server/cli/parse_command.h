#pragma once

#include <string>
#include <vector>

// `whalesafe parse [args...]`: parses a Dockerfile and prints its syntax tree.
// `args` are the arguments after the command name ("parse" itself is not included).
// Returns the process exit code.
int run_parse_command(const std::vector<std::string>& args);
