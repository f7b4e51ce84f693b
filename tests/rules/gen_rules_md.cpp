// Writes docs/rules.md from the rule registry, or with --check verifies that it is current.
//   gen_rules_md docs/rules.md            (re)generate
//   gen_rules_md --check docs/rules.md    exit 1 when the file differs (the rules.docs test)
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "rules/rule_doc.h"

int main(int argc, char** argv) {
  const bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (argc != 2 && !check) {
    std::cerr << "usage: gen_rules_md [--check] docs/rules.md\n";
    return 2;
  }
  const std::string path = argv[argc - 1];
  const std::string expected = whalesafe::rules::catalogue_markdown();
  if (check) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream actual;
    actual << in.rdbuf();
    if (!in || actual.str() != expected) {
      std::cerr << path << " is out of date; regenerate it with: "
                << "build/tests/rules/gen_rules_md " << path << "\n";
      return 1;
    }
    return 0;
  }
  std::ofstream out(path, std::ios::binary);
  out << expected;
  return out ? 0 : 1;
}
