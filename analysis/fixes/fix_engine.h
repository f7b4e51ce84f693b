// The fix engine: applies the fixes the rules offer until nothing changes, and guarantees what
// `--fix` promises: a file that does not parse cleanly is left alone (unless asked), no round
// may make the file parse worse, and the result is a fixed point (fixing it again changes
// nothing), or the caller is told that it is not.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "rules/runner.h"
#include "rules/settings.h"
#include "shell/parse_cache.h"
#include "syntax/document.h"

namespace whalesafe::fixes {

struct FixOptions {
  bool include_unsafe = false;  // apply unsafe fixes too (--unsafe-fixes)
  bool fix_errors = false;      // fix files that have syntax errors (--fix-errors)
  std::size_t max_rounds = 10;  // a bound, in case two fixes undo each other
  // Shell parses shared with other files (a CLI run's cache); null: the engine's own.
  shell::ParseCache* shell_cache = nullptr;
};

// One fix that was applied.
struct AppliedFix {
  std::string rule;
  std::string description;
  findings::Applicability applicability = findings::Applicability::kSafe;
};

enum class Refusal {
  kNone,
  kSyntaxErrors,  // the input has syntax errors and `fix_errors` is off: nothing was changed
};

struct FixOutcome {
  std::string text;                 // the fixed text (the input when nothing applied)
  std::vector<AppliedFix> applied;  // in the order they were applied
  std::size_t rounds = 0;           // rounds that changed the text
  std::size_t rejected = 0;         // fixes dropped because they made the file parse worse
  bool converged = true;            // false: still changing after `max_rounds`
  Refusal refusal = Refusal::kNone;
  std::string refusal_detail;  // for kSyntaxErrors: "line:col: message" of the first
  // When the fixes converged: the findings on `text` (what check_document reports for it with
  // the same selection and settings) and the parse they came from (a report needs its lines and
  // columns), so that callers need not parse nor analyse it again.
  struct Analysis {
    std::vector<findings::Diagnostic> diagnostics;
    syntax::Document document;
  };
  std::optional<Analysis> final_analysis;
};

// Fixes `text` with the rules of `selection`.
FixOutcome fix_text(std::string text, const rules::RuleSelection& selection,
                    const rules::RuleSettings& settings, const FixOptions& options);

}  // namespace whalesafe::fixes
