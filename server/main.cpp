// whalesafe: Dockerfile language server and auto-fixer. Entry point of the CLI.
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (argv[i] != nullptr) args.emplace_back(argv[i]);
  }
  return whalesafe::cli::run(args);
}
