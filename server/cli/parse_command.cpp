// Temporary placeholder: the real `whalesafe parse` replaces this file.
#include "cli/parse_command.h"

#include <iostream>

int run_parse_command(const std::vector<std::string>& /*args*/) {
  std::cerr << "whalesafe: 'parse' is not implemented yet\n";
  return 2;
}
