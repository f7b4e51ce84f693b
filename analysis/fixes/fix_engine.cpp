#include "fixes/fix_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "findings/apply_fixes.h"
#include "shell/parse_cache.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"
#include "syntax/syntax_memo.h"

namespace whalesafe::fixes {
namespace {

std::size_t error_count(const std::vector<syntax::Diagnostic>& diagnostics) {
  return static_cast<std::size_t>(std::count_if(
      diagnostics.begin(), diagnostics.end(),
      [](const syntax::Diagnostic& d) { return d.severity == syntax::Severity::kError; }));
}

std::size_t error_count(const std::string& text) {
  const syntax::Document doc(text);
  return error_count(syntax::syntax_diagnostics(doc));
}

// `doc` with `applied`'s edits made: an incremental reparse, which costs a fraction of parsing
// the new text afresh (tree-sitter gives the same tree either way).
syntax::Document reparsed(syntax::Document doc, const findings::FixResult& applied) {
  std::vector<syntax::Document::Edit> edits;
  edits.reserve(applied.edits.size());
  for (const findings::TextEdit& e : applied.edits) {
    edits.push_back({e.start_byte, e.end_byte, e.new_text});
  }
  doc.edit(std::move(edits));
  if (doc.text() != applied.text) return syntax::Document(applied.text);  // never expected
  return doc;
}

AppliedFix describe(const findings::Diagnostic& d) {
  return AppliedFix{
      .rule = d.rule, .description = d.fix->description, .applicability = d.fix->applicability};
}

}  // namespace

FixOutcome fix_text(std::string text, const rules::RuleSelection& selection,
                    const rules::RuleSettings& settings, const FixOptions& options) {
  FixOutcome outcome;
  std::size_t errors = 0;
  // The parse of the text the next round analyses. Each text is parsed once: the parse that
  // checks the input for errors, and the one that checks a round's result, serve the round
  // after them.
  std::optional<syntax::Document> parsed(std::in_place, text);
  // ... and its syntax diagnostics, which the round's rules read too (kept per instruction:
  // a round's result differs from its input in a few instructions).
  syntax::SyntaxMemo syntax_memo;
  std::optional<std::vector<syntax::Diagnostic>> parsed_syntax;
  {
    const std::vector<syntax::Diagnostic>& parse =
        parsed_syntax.emplace(syntax_memo.diagnostics(*parsed));
    errors = error_count(parse);
    if (errors > 0 && !options.fix_errors) {
      const auto first = std::find_if(parse.begin(), parse.end(), [](const syntax::Diagnostic& d) {
        return d.severity == syntax::Severity::kError;
      });
      const syntax::LineCol at = parsed->line_col(first->start_byte);
      outcome.refusal = Refusal::kSyntaxErrors;
      outcome.refusal_detail = fmt::format("{}:{}: {}", at.line, at.column, first->message);
      outcome.text = std::move(text);
      return outcome;
    }
  }

  // Rounds mostly see the same RUN bodies and instructions: one cache and memo for all.
  shell::ParseCache own_cache(64);
  shell::ParseCache& shell_cache = options.shell_cache ? *options.shell_cache : own_cache;
  rules::InstructionMemo memo;
  shell::ShellMemo shell_memo;
  std::set<std::string> rejected;  // fixes dropped for making the file parse worse
  bool stable = false;
  for (std::size_t round = 0; round < options.max_rounds; ++round) {
    if (!parsed) {
      parsed.emplace(text);
      parsed_syntax.reset();
    }
    syntax::Document doc = std::move(*parsed);
    parsed.reset();
    const std::optional<std::vector<syntax::Diagnostic>> doc_syntax = std::move(parsed_syntax);
    parsed_syntax.reset();
    std::vector<findings::Diagnostic> diagnostics = rules::check_document(
        doc, selection, settings,
        rules::Reuse{.shell_cache = &shell_cache,
                     .memo = &memo,
                     .shell_memo = &shell_memo,
                     .syntax_diagnostics = doc_syntax ? &*doc_syntax : nullptr});
    findings::FixResult applied = findings::apply_fixes(text, diagnostics, options.include_unsafe);
    if (applied.applied == 0 || applied.text == text) {
      stable = true;
      outcome.final_analysis = FixOutcome::Analysis{std::move(diagnostics), std::move(doc)};
      break;
    }
    // The round's result, parsed incrementally from this round's tree.
    syntax::Document next = reparsed(std::move(doc), applied);
    std::vector<syntax::Diagnostic> next_syntax = syntax_memo.diagnostics(next);
    if (error_count(next_syntax) <= errors) {
      for (const std::size_t i : applied.applied_indices) {
        outcome.applied.push_back(describe(diagnostics[i]));
      }
      text = std::move(applied.text);
      parsed.emplace(std::move(next));
      parsed_syntax.emplace(std::move(next_syntax));
      ++outcome.rounds;
      continue;
    }
    // Together the round's fixes make the file parse worse: keep, in text order, only those
    // that do not (one rule's bug must not cost the other rules' fixes). Positions refer to
    // `text`, so every trial applies the kept fixes plus one candidate to `text` itself.
    std::vector<findings::Diagnostic> kept;
    for (const std::size_t i : applied.applied_indices) {
      std::vector<findings::Diagnostic> trial = kept;
      trial.push_back(diagnostics[i]);
      const findings::FixResult r = findings::apply_fixes(text, trial, options.include_unsafe);
      if (error_count(r.text) <= errors) {
        kept.push_back(diagnostics[i]);
      } else {
        rejected.insert(fmt::format("{}\n{}\n{}", diagnostics[i].rule, diagnostics[i].start_byte,
                                    diagnostics[i].fix->description));
      }
    }
    outcome.rejected = rejected.size();
    if (kept.empty()) {
      // `doc` went into `next`: the report needs a parse of `text` itself (a rare path).
      stable = true;
      outcome.final_analysis = FixOutcome::Analysis{std::move(diagnostics), syntax::Document(text)};
      break;
    }
    findings::FixResult partial = findings::apply_fixes(text, kept, options.include_unsafe);
    for (const std::size_t i : partial.applied_indices)
      outcome.applied.push_back(describe(kept[i]));
    text = std::move(partial.text);
    ++outcome.rounds;
  }
  outcome.converged = stable;
  outcome.text = std::move(text);
  return outcome;
}

}  // namespace whalesafe::fixes
