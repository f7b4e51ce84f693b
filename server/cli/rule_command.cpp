#include "cli/rule_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "rules/registry.h"
#include "rules/rule_doc.h"

namespace whalesafe::cli {

int run_rule_command(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << "usage: whalesafe rule [--list | <rule>]\n\nPrints a rule's documentation; "
                 "<rule> is a slug (base-image-latest) or an alias (DL3007).\nWithout a rule "
                 "(or with --list), lists every rule.\n";
    return kExitOk;
  }
  if (args.empty() || (args.size() == 1 && args[0] == "--list")) {
    // One line per rule: slug, default severity, on/off by default, fix kind, aliases; the slug
    // column is as wide as the longest slug.
    std::size_t width = 0;
    for (const rules::Rule* rule : rules::all_rules())
      width = std::max(width, rule->info.slug.size());
    for (const rules::Rule* rule : rules::all_rules()) {
      const rules::RuleInfo& i = rule->info;
      std::string aliases;
      for (std::string_view a : i.aliases) aliases += (aliases.empty() ? "" : ",") + std::string(a);
      std::cout << fmt::format("{:<{}} {:<8} {:<4} {:<19} {}\n", i.slug, width,
                               findings::severity_name(i.severity),
                               i.enabled_by_default ? "on" : "off",
                               "fix:" + std::string(rules::fix_kind_name(i.fix)), aliases);
    }
    return kExitOk;
  }
  if (args.size() != 1) {
    std::cerr << "usage: whalesafe rule [--list | <rule>]\n";
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
