// Findings: what a rule reports (Diagnostic) and how to repair it (Fix). Positions are byte
// offsets into the Document's text; syntax::Document::line_col turns them into lines/columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::findings {

// Ordered from most to least severe, so `a <= b` means "a is at least as severe as b".
enum class Severity { kError = 0, kWarning = 1, kInfo = 2, kStyle = 3 };

// "error", "warning", "info", "style".
std::string_view severity_name(Severity severity);
// Parses a severity name (case-insensitive); nullopt for anything else.
std::optional<Severity> parse_severity(std::string_view name);
// True when `severity` is `threshold` or more severe.
inline bool at_least(Severity severity, Severity threshold) {
  return static_cast<int>(severity) <= static_cast<int>(threshold);
}

// Replace bytes [start_byte, end_byte) with `new_text` (an insertion when start == end).
struct TextEdit {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  std::string new_text;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// Safe fixes keep the build's meaning and are applied by `--fix`; unsafe fixes may change it
// (a different image, different runtime behaviour) and are applied only when asked for.
enum class Applicability { kSafe, kUnsafe };

// A byte range [start_byte, end_byte) of the document.
struct TextRange {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  friend bool operator==(const TextRange&, const TextRange&) = default;
};

struct Fix {
  std::string description;  // imperative, e.g. "Replace ADD with COPY"
  Applicability applicability = Applicability::kSafe;
  std::vector<TextEdit> edits;  // non-overlapping; any order
  // Text the fix was worked out from without changing it (the FROM whose distribution chose the
  // commands it adds). `--fix` applies it in a round only when no other fix of that round edits
  // any of it; otherwise it waits for the next round, where it is worked out on the new text.
  std::vector<TextRange> reads = {};
};

struct Diagnostic {
  std::string rule;  // the rule's slug
  Severity severity = Severity::kWarning;
  std::string message;
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  std::optional<Fix> fix;
  // For findings relayed from another tool (the shellcheck rule): that tool's ID for this one
  // finding, e.g. "SC2086". Suppressions may name it (`# hadolint ignore=SC2086`).
  std::string code;
};

// Orders diagnostics by position, then rule, then message (a stable report order).
bool diagnostic_less(const Diagnostic& a, const Diagnostic& b);

}  // namespace whalesafe::findings
