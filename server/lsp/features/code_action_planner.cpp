#include "lsp/features/code_action_planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "fixes/fix_engine.h"
#include "rules/rule_context.h"
#include "rules/suppression_edit.h"

namespace whalesafe::lsp::features {
namespace {

// Findings a suppression comment cannot or should not silence: the suppression rules judge the
// comments themselves, and a syntax error is not a choice to make.
bool ignorable(std::string_view rule) {
  return !rule.starts_with("suppression-") && rule != "inline-suppression" &&
         rule != "syntax-error";
}

bool wants(const PlanRequest& request, ActionKind kind,
           std::optional<rewrites::RewriteKind> rewrite = std::nullopt) {
  return !request.wanted || request.wanted(kind, rewrite);
}

// A cursor at either end of a finding, or a selection touching it, concerns the finding.
bool touches(const findings::Diagnostic& d, uint32_t start, uint32_t end) {
  return d.start_byte <= end && start <= d.end_byte;
}

std::string quick_fix_title(const findings::Fix& fix) {
  if (fix.applicability == findings::Applicability::kSafe) return fix.description;
  // Unsafe fixes change what is built: the title says so before the user picks it.
  return fix.description + " (unsafe: changes the image)";
}

}  // namespace

std::vector<PlannedAction> plan_code_actions(const PlanInput& input, const PlanRequest& request) {
  std::vector<PlannedAction> actions;
  const auto size = static_cast<uint32_t>(input.document.text().size());
  const uint32_t start = std::min(request.start, size);
  const uint32_t end = std::clamp(request.end, start, size);

  std::set<std::string> ignored;  // one ignore action per rule and instruction
  bool any_safe_fix = false;
  for (std::size_t i = 0; i < input.diagnostics.size(); ++i) {
    const findings::Diagnostic& d = input.diagnostics[i];
    if (d.fix && d.fix->applicability == findings::Applicability::kSafe && !d.fix->edits.empty()) {
      any_safe_fix = true;
    }
    if (!touches(d, start, end)) continue;
    if (d.fix && !d.fix->edits.empty() && wants(request, ActionKind::kQuickFix)) {
      const bool safe = d.fix->applicability == findings::Applicability::kSafe;
      if (safe || request.unsafe_quick_fixes) {
        actions.push_back(PlannedAction{.kind = ActionKind::kQuickFix,
                                        .title = quick_fix_title(*d.fix),
                                        .preferred = safe,
                                        .safe = safe,
                                        .diagnostics = {i},
                                        .edits = d.fix->edits,
                                        .offset = start});
      }
    }
    if (ignorable(d.rule) && wants(request, ActionKind::kIgnore)) {
      std::optional<findings::Fix> fix = rules::suppression_fix(input.document, d);
      if (fix && !fix->edits.empty()) {
        const findings::TextEdit& e = fix->edits.front();
        if (ignored.insert(fmt::format("{}@{}:{}", d.rule, e.start_byte, e.new_text)).second) {
          actions.push_back(PlannedAction{.kind = ActionKind::kIgnore,
                                          .title = fix->description,
                                          .diagnostics = {i},
                                          .edits = std::move(fix->edits),
                                          .offset = start});
        }
      }
    }
  }

  if (any_safe_fix && wants(request, ActionKind::kFixAll)) {
    PlannedAction all{
        .kind = ActionKind::kFixAll, .title = "Fix all safe whalesafe problems", .offset = start};
    if (request.eager) {
      ResolvedEdits resolved = resolve_fix_all(input);
      if (resolved.error.empty()) all.edits = std::move(resolved.edits);
    }
    if (!request.eager || all.edits) actions.push_back(std::move(all));
  }

  bool any_rewrite = false;
  for (const rewrites::RewriteKind kind : rewrites::kAllRewrites) {
    any_rewrite = any_rewrite || wants(request, ActionKind::kRewrite, kind);
  }
  if (!any_rewrite) return actions;
  // Planning tells whether a rewrite applies here; the edit itself is made again on resolve
  // unless the client cannot resolve (the planners are cheap next to a round trip).
  const rules::RuleContext context(input.document, input.settings);
  for (const rewrites::RewriteKind kind : rewrites::kAllRewrites) {
    if (!wants(request, ActionKind::kRewrite, kind)) continue;
    rewrites::RewriteOutcome outcome = rewrites::plan_rewrite(kind, context, start);
    PlannedAction action{
        .kind = ActionKind::kRewrite,
        .rewrite = kind,
        .title = std::string(rewrites::rewrite_title(kind)) + " (unsafe: changes the image)",
        .safe = false,
        .offset = start};
    if (!outcome.fix || outcome.fix->edits.empty()) {
      if (!request.explain_unavailable) continue;
      action.unavailable = outcome.why_not.empty() ? "not applicable here" : outcome.why_not;
    } else if (request.eager) {
      action.edits = std::move(outcome.fix->edits);
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

ResolvedEdits resolve_fix_all(const PlanInput& input) {
  const std::string& text = input.document.text();
  const fixes::FixOutcome outcome =
      fixes::fix_text(text, input.selection, input.settings, fixes::FixOptions{});
  if (outcome.refusal == fixes::Refusal::kSyntaxErrors) {
    return {{}, "not fixed: the file has syntax errors (" + outcome.refusal_detail + ")"};
  }
  return {minimal_edit(text, outcome.text), ""};
}

ResolvedEdits resolve_rewrite(const PlanInput& input, rewrites::RewriteKind kind, uint32_t offset) {
  const rules::RuleContext context(input.document, input.settings);
  const auto size = static_cast<uint32_t>(input.document.text().size());
  rewrites::RewriteOutcome outcome = rewrites::plan_rewrite(kind, context, std::min(offset, size));
  if (!outcome.fix || outcome.fix->edits.empty()) {
    return {{}, outcome.why_not.empty() ? "the rewrite does not apply here" : outcome.why_not};
  }
  return {std::move(outcome.fix->edits), ""};
}

std::vector<findings::TextEdit> minimal_edit(std::string_view before, std::string_view after) {
  if (before == after) return {};
  std::size_t prefix = 0;
  const std::size_t shorter = std::min(before.size(), after.size());
  while (prefix < shorter && before[prefix] == after[prefix]) ++prefix;
  // Keep whole UTF-8 sequences in the edit: never cut between a lead byte and its continuation.
  while (prefix > 0 && prefix < before.size() &&
         (static_cast<unsigned char>(before[prefix]) & 0xC0) == 0x80) {
    --prefix;
  }
  std::size_t suffix = 0;
  while (suffix < shorter - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 &&
         (static_cast<unsigned char>(before[before.size() - suffix]) & 0xC0) == 0x80) {
    --suffix;
  }
  return {findings::TextEdit{static_cast<uint32_t>(prefix),
                             static_cast<uint32_t>(before.size() - suffix),
                             std::string(after.substr(prefix, after.size() - suffix - prefix))}};
}

}  // namespace whalesafe::lsp::features
