#include "rules/suppression_edit.h"

#include <fmt/format.h>

#include "rules/rule_context.h"
#include "rules/suppressions.h"

namespace whalesafe::rules {

std::optional<findings::Fix> suppression_fix(const syntax::Document& document,
                                             const findings::Diagnostic& diagnostic) {
  const RuleSettings settings;
  const RuleContext ctx(document, settings);
  TSNode holder{};
  for (TSNode i : ctx.instructions()) {
    if (ts_node_start_byte(i) <= diagnostic.start_byte &&
        diagnostic.start_byte < ts_node_end_byte(i)) {
      holder = i;
    }
  }
  if (ts_node_is_null(holder)) return std::nullopt;
  const uint32_t start = ts_node_start_byte(holder);
  findings::Fix fix;
  fix.description = fmt::format("Ignore {} for this instruction", diagnostic.rule);
  fix.applicability = findings::Applicability::kSafe;
  // Merge into this instruction's own `# whalesafe ignore=` comment when there is one.
  for (const Suppression& s : find_suppressions(ctx)) {
    if (s.kind != SuppressionKind::kWhalesafe || s.scope != SuppressionScope::kNextInstruction ||
        s.scope_start != start || s.names.empty()) {
      continue;
    }
    for (const SuppressedName& n : s.names) {
      if (n.name == diagnostic.rule) return std::nullopt;  // already there
    }
    const uint32_t after = s.names.back().end_byte;
    fix.edits.push_back({after, after, "," + diagnostic.rule});
    return fix;
  }
  // A new comment line, indented like the instruction.
  const uint32_t line = document.line_start(document.point_at(start).row);
  const std::string indent(document.text().substr(line, start - line));
  fix.edits.push_back(
      {line, line, fmt::format("{}# whalesafe ignore={}\n", indent, diagnostic.rule)});
  return fix;
}

}  // namespace whalesafe::rules
