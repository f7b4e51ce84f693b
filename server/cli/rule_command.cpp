#include "cli/rule_command.h"

#include <iostream>

#include "cli/commands.h"
#include "rules/registry.h"
#include "rules/rule_doc.h"

namespace whalesafe::cli {

int run_rule_command(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << "usage: whalesafe rule <rule>\n\nPrints a rule's documentation; <rule> is a "
                 "slug (base-image-latest) or an alias (DL3007).\n";
    return kExitOk;
  }
  if (args.size() != 1) {
    std::cerr << "usage: whalesafe rule <rule>\n";
    return kExitUsage;
  }
  const rules::ResolvedName resolved = rules::resolve_rule_name(args[0]);
  if (resolved.kind != rules::NameKind::kRule) {
    std::cerr << "whalesafe rule: "
              << (resolved.kind == rules::NameKind::kExternal
                      ? "no whalesafe rule implements '" + args[0] + "' yet"
                      : "unknown rule '" + args[0] + "'")
              << "\nSee docs/rules.md for the list of rules.\n";
    return kExitUsage;
  }
  for (std::size_t i = 0; i < resolved.rules.size(); ++i) {
    if (i > 0) std::cout << '\n';
    std::cout << rules::rule_markdown(*resolved.rules[i]);
  }
  return kExitOk;
}

}  // namespace whalesafe::cli
