// Running rules over a document: the enabled rules with their effective severities, inline
// suppressions applied, then the suppression rules' own findings (unknown names, unused
// suppressions). And the fix loop: apply fixes, re-check, repeat until nothing changes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "model/model.h"
#include "rules/instruction_memo.h"
#include "rules/rule.h"
#include "rules/settings.h"
#include "shell/parse_cache.h"
#include "shell/shell_memo.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"
#include "syntax/syntax_memo.h"

namespace whalesafe::rules {

struct EnabledRule {
  const Rule* rule = nullptr;
  Severity severity = Severity::kWarning;
};

// Which rules run, and how severe their findings are.
struct RuleSelection {
  std::vector<EnabledRule> rules;

  // The rules enabled by default, at their default severities.
  static RuleSelection defaults();
  // Every registered rule (`--select all`).
  static RuleSelection all();
  // Exactly these rules, at their default severities.
  static RuleSelection only(const std::vector<const Rule*>& rules);

  const EnabledRule* find(const Rule* rule) const;
};

// Diagnostics of `document`, sorted by position. `shell_cache` (optional, thread-safe) keeps
// parsed RUN bodies across calls, so unchanged ones are not parsed again.
std::vector<findings::Diagnostic> check_document(const syntax::Document& document,
                                                 const RuleSelection& selection,
                                                 const RuleSettings& settings,
                                                 shell::ParseCache* shell_cache = nullptr);

// What a caller that analyses one document again and again (the language server, the fix
// loop) keeps between analyses. Each member is optional.
struct Reuse {
  shell::ParseCache* shell_cache = nullptr;  // parsed shell texts (thread-safe, shareable)
  InstructionMemo* memo = nullptr;           // instruction-scoped findings (one document)
  shell::ShellMemo* shell_memo = nullptr;    // analysed shells per instruction (one document)
  const model::Model* model = nullptr;       // this very document's model, already built
  // ... and its syntax diagnostics (syntax::syntax_diagnostics), already computed.
  const std::vector<syntax::Diagnostic>* syntax_diagnostics = nullptr;
  // Without those: the syntax diagnostics of this document's earlier versions, per instruction.
  syntax::SyntaxMemo* syntax_memo = nullptr;
};

// The same diagnostics, computed with what `reuse` holds.
std::vector<findings::Diagnostic> check_document(const syntax::Document& document,
                                                 const RuleSelection& selection,
                                                 const RuleSettings& settings, const Reuse& reuse);

struct FixLoopResult {
  std::string text;
  std::size_t fixes_applied = 0;
  std::size_t rounds = 0;  // rounds that changed the text
  bool converged = true;   // false: still changing after the round limit
};

// Applies fixes (unsafe ones when `include_unsafe`) and re-checks until no fix applies.
FixLoopResult fix_until_stable(std::string text, const RuleSelection& selection,
                               const RuleSettings& settings, bool include_unsafe,
                               std::size_t max_rounds = 16);

}  // namespace whalesafe::rules
