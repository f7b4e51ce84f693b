// Planning a rewrite on a text in one call, and applying its fix: for the tests of the
// add-non-root-user and move-secrets rewrites.
#pragma once

#include <string>

#include "findings/apply_fixes.h"
#include "rewrites/rewrite.h"
#include "rules/rule_context.h"
#include "support.h"
#include "syntax/document.h"

namespace whalesafe::testing {

struct Planned {
  rewrites::RewriteOutcome outcome;
  std::string fixed;  // the text with the fix applied (the text itself when there is none)
};

// Plans `kind` at the first occurrence of `at` in `text` (offset 0 when `at` is empty).
inline Planned plan(rewrites::RewriteKind kind, const std::string& text, std::string_view at = {}) {
  const syntax::Document doc(text);
  const rules::RuleContext ctx(doc, test_settings());
  const std::size_t offset = at.empty() ? 0 : text.find(at);
  Planned p{rewrites::plan_rewrite(kind, ctx, static_cast<uint32_t>(offset)), text};
  if (p.outcome.fix) {
    findings::Diagnostic d;
    d.fix = p.outcome.fix;
    p.fixed = findings::apply_fixes(text, {d}, /*include_unsafe=*/true).text;
  }
  return p;
}

}  // namespace whalesafe::testing
