// Code action planning for the language server, in byte offsets and without LSP: which actions
// a range of a document offers (a quick fix per fixable finding, "ignore this rule here", fix
// all safe problems, the four hardening rewrites) and the edits each makes. The protocol layer
// (code_actions.cpp) turns positions into offsets before and the plans into LSP after.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "rewrites/rewrite.h"
#include "rules/runner.h"
#include "rules/settings.h"
#include "syntax/document.h"

namespace whalesafe::lsp::features {

enum class ActionKind {
  kQuickFix,  // a finding's own fix
  kIgnore,    // `# whalesafe ignore=<rule>` above the finding's instruction
  kFixAll,    // every safe fix, repeated until nothing changes
  kRewrite,   // one of rewrites::kAllRewrites
};

// What the planner reads: one analysed version of a document.
struct PlanInput {
  const syntax::Document& document;
  const rules::RuleSelection& selection;
  const rules::RuleSettings& settings;
  const std::vector<findings::Diagnostic>& diagnostics;  // of `document`
};

struct PlanRequest {
  uint32_t start = 0;  // the byte range the user asks about (a cursor: start == end)
  uint32_t end = 0;
  // The kinds to plan (the client's `only`); everything when empty.
  std::function<bool(ActionKind, std::optional<rewrites::RewriteKind>)> wanted = {};
  bool unsafe_quick_fixes = true;    // offer findings' unsafe fixes (titled as such)
  bool eager = false;                // compute fix-all and rewrite edits now (no lazy resolve)
  bool explain_unavailable = false;  // list rewrites that do not apply, with the reason
};

struct PlannedAction {
  ActionKind kind = ActionKind::kQuickFix;
  std::optional<rewrites::RewriteKind> rewrite = {};  // for kRewrite
  std::string title = {};
  bool preferred = false;  // a safe quick fix
  bool safe = true;
  std::vector<std::size_t> diagnostics = {};  // indices into PlanInput::diagnostics it addresses
  // The edits: always for kQuickFix and kIgnore; for kFixAll and kRewrite only when `eager`
  // (otherwise resolve_action computes them when the user picks the action).
  std::optional<std::vector<findings::TextEdit>> edits = {};
  std::string unavailable = {};  // a rewrite that does not apply here: why (explain_unavailable)
  uint32_t offset = 0;           // the request's start: where a rewrite is planned again on resolve
};

// The actions for `request`, in the order an editor should list them: quick fixes and ignores
// per finding (in position order), then fix-all, then the rewrites.
std::vector<PlannedAction> plan_code_actions(const PlanInput& input, const PlanRequest& request);

// The edits of a fix-all or rewrite action planned earlier (on the same text), or why there
// are none.
struct ResolvedEdits {
  std::vector<findings::TextEdit> edits;
  std::string error;  // non-empty: nothing to apply, and why
};
ResolvedEdits resolve_fix_all(const PlanInput& input);
ResolvedEdits resolve_rewrite(const PlanInput& input, rewrites::RewriteKind kind, uint32_t offset);

// One edit turning `before` into `after`: the differing middle (common prefix and suffix kept,
// so the editor keeps cursors and marks outside it). Empty when the texts are equal.
std::vector<findings::TextEdit> minimal_edit(std::string_view before, std::string_view after);

}  // namespace whalesafe::lsp::features
