#include "rules/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "findings/apply_fixes.h"
#include "rewrites/user_lines.h"
#include "rules/node_util.h"
#include "rules/registry.h"
#include "rules/rule_context.h"
#include "rules/shellcheck_runner.h"
#include "rules/suppressions.h"

namespace whalesafe::rules {

const Rule& rule_suppression_unknown_rule();
const Rule& rule_suppression_unused();

namespace {

using findings::Diagnostic;

// Whether the suppression `name` covers `d`: by its rule, or by the ID another tool gives the
// finding (`# hadolint ignore=SC2086` for the shellcheck rule's SC2086 findings).
bool names_rule(const SuppressedName& name, const Diagnostic& d) {
  if (name.all) return true;
  if (!d.code.empty() && iequals(name.name, d.code)) return true;
  return std::any_of(name.resolved.rules.begin(), name.resolved.rules.end(),
                     [&](const Rule* r) { return r->info.slug == d.rule; });
}

bool covers(const Suppression& s, const Diagnostic& d) {
  return d.start_byte >= s.scope_start && d.start_byte < s.scope_end;
}

// Drops suppressed diagnostics; counts per (suppression, name) how many each one removed.
std::vector<Diagnostic> apply(std::vector<Diagnostic> diagnostics,
                              const std::vector<Suppression>& suppressions,
                              std::vector<std::vector<std::size_t>>* used) {
  std::vector<Diagnostic> kept;
  for (Diagnostic& d : diagnostics) {
    bool suppressed = false;
    for (std::size_t i = 0; i < suppressions.size(); ++i) {
      const Suppression& s = suppressions[i];
      if (!covers(s, d)) continue;
      for (std::size_t j = 0; j < s.names.size(); ++j) {
        if (!names_rule(s.names[j], d)) continue;
        suppressed = true;
        if (used != nullptr) ++(*used)[i][j];
      }
    }
    if (!suppressed) kept.push_back(std::move(d));
  }
  return kept;
}

// Removes one name and its separating comma; the whole comment line when every name goes.
// nullopt for the lone name of a `check=skip=` directive: removing it would leave `skip=`,
// which is the user's to tidy.
std::optional<findings::Fix> removal_fix(const syntax::Document& doc, const Suppression& s,
                                         std::size_t index, bool all_unused) {
  findings::Fix fix;
  fix.applicability = findings::Applicability::kSafe;
  if (all_unused && s.kind != SuppressionKind::kBuildkitCheck) {
    fix.description = "Remove the unused suppression comment";
    const std::string& text = doc.text();
    uint32_t end = s.comment_end;
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
    if (end == text.size() && !text.ends_with('\n')) {
      // The file's last line, with no line feed after it: the line end before the comment goes
      // instead, so that the file still ends without one.
      fix.edits.push_back(rewrites::delete_lines(text, s.comment_start, end));
    } else {
      fix.edits.push_back({s.comment_start, end, ""});
    }
    return fix;
  }
  if (s.names.size() == 1) return std::nullopt;
  const SuppressedName& n = s.names[index];
  fix.description = fmt::format("Remove '{}' from the suppression", n.name);
  if (index + 1 < s.names.size()) {
    fix.edits.push_back({n.start_byte, s.names[index + 1].start_byte, ""});
  } else {
    fix.edits.push_back({s.names[index - 1].end_byte, n.end_byte, ""});
  }
  return fix;
}

// The findings of the suppression rules: unknown names, and names that suppressed nothing
// although their rule ran (`used` counts, per suppression and name, what each suppressed).
std::vector<Diagnostic> suppression_findings(const syntax::Document& document,
                                             const RuleSelection& selection,
                                             const std::vector<Suppression>& suppressions,
                                             const std::vector<std::vector<std::size_t>>& used,
                                             bool shellcheck_pending) {
  std::vector<Diagnostic> meta;
  const EnabledRule* unknown = selection.find(&rule_suppression_unknown_rule());
  const EnabledRule* unused = selection.find(&rule_suppression_unused());
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    const Suppression& s = suppressions[i];
    std::size_t unused_count = 0;
    std::vector<bool> is_unused(s.names.size(), false);
    for (std::size_t j = 0; j < s.names.size(); ++j) {
      const SuppressedName& n = s.names[j];
      if (n.all || used[i][j] > 0 || n.resolved.kind != NameKind::kRule) continue;
      // ShellCheck has not seen every RUN yet (the language server runs it later).
      if (shellcheck_pending && shellcheck::is_code(n.name)) continue;
      // Only a rule that ran can prove a suppression useless.
      const bool ran = std::any_of(n.resolved.rules.begin(), n.resolved.rules.end(),
                                   [&](const Rule* r) { return selection.find(r) != nullptr; });
      if (ran) {
        is_unused[j] = true;
        ++unused_count;
      }
    }
    for (std::size_t j = 0; j < s.names.size(); ++j) {
      const SuppressedName& n = s.names[j];
      if (unknown != nullptr && !n.all && n.resolved.kind == NameKind::kUnknown) {
        Reporter r(*unknown->rule, unknown->severity, meta);
        r.report(n.start_byte, n.end_byte,
                 fmt::format("unknown rule '{}' in '{}'", n.name, describe(s)));
      }
      if (unused != nullptr && is_unused[j]) {
        Reporter r(*unused->rule, unused->severity, meta);
        std::optional<findings::Fix> maybe_fix =
            removal_fix(document, s, j, unused_count == s.names.size());
        // Another tool's pragma may still matter to that tool, whose rules differ in detail.
        const std::string_view hint = s.kind == SuppressionKind::kWhalesafe
                                          ? ""
                                          : " here (keep it only if the other tool needs it)";
        r.report(n.start_byte, n.end_byte,
                 fmt::format("'{}' in '{}' suppresses nothing{}", n.name, describe(s), hint),
                 std::move(maybe_fix));
      }
    }
  }
  return meta;
}

}  // namespace

RuleSelection RuleSelection::defaults() {
  RuleSelection s;
  for (const Rule* r : all_rules()) {
    if (r->info.enabled_by_default) s.rules.push_back({r, r->info.severity});
  }
  return s;
}

RuleSelection RuleSelection::all() {
  RuleSelection s;
  for (const Rule* r : all_rules()) s.rules.push_back({r, r->info.severity});
  return s;
}

RuleSelection RuleSelection::only(const std::vector<const Rule*>& rules) {
  RuleSelection s;
  for (const Rule* r : rules) {
    if (s.find(r) == nullptr) s.rules.push_back({r, r->info.severity});
  }
  return s;
}

const EnabledRule* RuleSelection::find(const Rule* rule) const {
  for (const EnabledRule& e : rules) {
    if (e.rule == rule) return &e;
  }
  return nullptr;
}

std::vector<Diagnostic> check_document(const syntax::Document& document,
                                       const RuleSelection& selection, const RuleSettings& settings,
                                       shell::ParseCache* shell_cache) {
  return check_document(document, selection, settings, Reuse{.shell_cache = shell_cache});
}

std::vector<Diagnostic> check_document(const syntax::Document& document,
                                       const RuleSelection& selection, const RuleSettings& settings,
                                       const Reuse& reuse) {
  std::optional<std::vector<syntax::Diagnostic>> memo_syntax;
  if (reuse.syntax_diagnostics == nullptr && reuse.syntax_memo != nullptr) {
    memo_syntax = reuse.syntax_memo->diagnostics(document);
  }
  const RuleContext context(document, settings, reuse.shell_cache, reuse.model,
                            memo_syntax ? &*memo_syntax : reuse.syntax_diagnostics,
                            reuse.shell_memo);
  shellcheck::Deferral* deferral = shellcheck::active_deferral();
  if (deferral != nullptr) deferral->pending = false;  // this document's, not an earlier one's
  std::vector<Diagnostic> raw;
  for (const EnabledRule& e : selection.rules) {
    if (e.rule->check == nullptr) continue;
    // With a memo, the instruction-scoped rules run below, one changed instruction at a time.
    if (reuse.memo != nullptr && e.rule->scope == RuleScope::kInstruction) continue;
    Reporter reporter(*e.rule, e.severity, raw);
    e.rule->check(context, reporter);
  }
  if (reuse.memo != nullptr) reuse.memo->check(context, selection, settings, raw);

  const std::vector<Suppression>& suppressions = find_suppressions(context);
  std::vector<std::vector<std::size_t>> used(suppressions.size());
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    used[i].assign(suppressions[i].names.size(), 0);
  }
  std::vector<Diagnostic> result = apply(std::move(raw), suppressions, &used);

  std::vector<Diagnostic> meta = suppression_findings(document, selection, suppressions, used,
                                                      deferral != nullptr && deferral->pending);
  // The suppression rules can themselves be suppressed (global ignore=suppression-unused).
  meta = apply(std::move(meta), suppressions, nullptr);
  result.insert(result.end(), std::make_move_iterator(meta.begin()),
                std::make_move_iterator(meta.end()));
  std::sort(result.begin(), result.end(), findings::diagnostic_less);
  return result;
}

FixLoopResult fix_until_stable(std::string text, const RuleSelection& selection,
                               const RuleSettings& settings, bool include_unsafe,
                               std::size_t max_rounds) {
  FixLoopResult result;
  // Rounds mostly see the same RUN bodies and instructions: one cache and memo for all.
  shell::ParseCache shell_cache(64);
  InstructionMemo memo;
  shell::ShellMemo shell_memo;
  for (std::size_t round = 0; round < max_rounds; ++round) {
    const syntax::Document doc(text);
    const std::vector<Diagnostic> diagnostics = check_document(
        doc, selection, settings,
        Reuse{.shell_cache = &shell_cache, .memo = &memo, .shell_memo = &shell_memo});
    findings::FixResult applied = findings::apply_fixes(text, diagnostics, include_unsafe);
    if (applied.applied == 0 || applied.text == text) {
      result.text = std::move(text);
      return result;
    }
    result.fixes_applied += applied.applied;
    ++result.rounds;
    text = std::move(applied.text);
  }
  result.text = std::move(text);
  result.converged = false;
  return result;
}

}  // namespace whalesafe::rules
