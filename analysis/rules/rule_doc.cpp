#include "rules/rule_doc.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "rules/registry.h"

namespace whalesafe::rules {
namespace {

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string code_list(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("`{}`", items[i]);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string rule_markdown(const Rule& rule) {
  const RuleInfo& i = rule.info;
  std::string out = fmt::format("## {}\n\n{}.\n\n", i.slug, i.summary);
  out += fmt::format("- Severity: {}\n- Enabled by default: {}\n- Fix: {}\n- Aliases: {}\n\n",
                     findings::severity_name(i.severity), i.enabled_by_default ? "yes" : "no",
                     fix_kind_name(i.fix), code_list(i.aliases));
  out += fmt::format("### What it does\n\n{}\n\n", i.doc.what);
  out += fmt::format("### Why is this bad?\n\n{}\n\n", i.doc.why);
  out += fmt::format("### Example\n\n```dockerfile\n{}```\n\n", i.doc.example);
  out += fmt::format("### Use instead\n\n```dockerfile\n{}```\n", i.doc.instead);
  if (!i.doc.fix.empty()) out += fmt::format("\n### Fix\n\n{}\n", i.doc.fix);
  return out;
}

std::string catalogue_markdown() {
  std::string out =
      "# whalesafe rules\n\n"
      "<!-- Generated from the rule registry (analysis/rules/). Do not edit: run\n"
      "     build/tests/rules/gen_rules_md docs/rules.md -->\n\n"
      "Each rule has a stable slug. Suppressions, configuration and `--select`/`--ignore` "
      "accept the slug or any alias (hadolint, BuildKit, Trivy and Checkov IDs). "
      "`whalesafe rule <slug>` prints one rule's documentation. See [check.md](check.md) for "
      "the command, configuration and suppressions.\n\n"
      "| rule | severity | default | fix | aliases |\n|---|---|---|---|---|\n";
  std::map<std::string, std::vector<std::string_view>> by_alias;
  for (const Rule* r : all_rules()) {
    const RuleInfo& i = r->info;
    out += fmt::format("| [{}](#{}) | {} | {} | {} | {} |\n", i.slug, i.slug,
                       findings::severity_name(i.severity), i.enabled_by_default ? "on" : "off",
                       fix_kind_name(i.fix), join(i.aliases, ", "));
    for (std::string_view a : i.aliases) by_alias[std::string(a)].push_back(i.slug);
  }
  out += "\n## Aliases\n\n| alias | rules |\n|---|---|\n";
  for (const auto& [alias, slugs] : by_alias) {
    out += fmt::format("| {} | {} |\n", alias, join(slugs, ", "));
  }
  for (const Rule* r : all_rules()) out += "\n" + rule_markdown(*r);
  return out;
}

}  // namespace whalesafe::rules
