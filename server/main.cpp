// whalesafe: Dockerfile language server and auto-fixer. Entry point of the CLI.
#include <iostream>
#include <string>
#include <vector>

#include "cli/catalog_cache.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (argv[i] != nullptr) args.emplace_back(argv[i]);
  }
  // A refreshed catalog in the user cache (`whalesafe catalog update`) replaces the compiled-in
  // one before anything queries the catalog.
  whalesafe::cli::activate_catalog_cache(std::cerr);
  return whalesafe::cli::run(args);
}
