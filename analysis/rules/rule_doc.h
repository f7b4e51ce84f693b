// Rule documentation as text: one rule for `whalesafe rule <slug>`, and the whole catalogue as
// Markdown for docs/rules.md (tests/rules checks that the committed file is up to date).
#pragma once

#include <string>

#include "rules/rule.h"

namespace whalesafe::rules {

// Markdown for one rule, starting with a `## <slug>` heading.
std::string rule_markdown(const Rule& rule);

// docs/rules.md: an index table (slug, severity, default, fix, aliases), an alias index, then
// every rule's documentation.
std::string catalogue_markdown();

}  // namespace whalesafe::rules
