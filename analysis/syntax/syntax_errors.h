// Parse-level diagnostics: tree-sitter ERROR and MISSING nodes turned into readable messages,
// plus the errors and warnings BuildKit's parser reports that the grammar cannot express
// (no instructions, bad or repeated parser directives, JSON arrays of non-strings, ENV/LABEL
// shape errors, empty continuation lines), and quotes left open in ENV/LABEL/ARG values (a
// warning: BuildKit's parser accepts them, expanding the value fails).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "buildkit_dump.h"
#include "document.h"

namespace whalesafe::syntax {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  std::string message;  // one line, e.g. "unexpected ']'" or "missing ']'"
  std::string detail;   // optional longer explanation
  std::string code;     // stable identifier, e.g. "syntax-error", "empty-continuation"
};

// Diagnostic codes.
namespace diagnostic_code {
inline constexpr const char* kSyntaxError = "syntax-error";
inline constexpr const char* kMissing = "missing-token";
inline constexpr const char* kNoInstructions = "no-instructions";
inline constexpr const char* kDirective = "invalid-directive";
inline constexpr const char* kInstruction = "invalid-instruction";
inline constexpr const char* kUnterminatedHeredoc = "unterminated-heredoc";
inline constexpr const char* kEmptyContinuation = "empty-continuation";
inline constexpr const char* kUnterminatedString = "unterminated-string";
}  // namespace diagnostic_code

// All parse-level diagnostics of `doc`, ordered by position. When BuildKit's line parser
// rejects an instruction, its message replaces the tree's errors on that instruction's lines.
// The empty-continuation warning (one per instruction, BuildKit's text) is placed on the first
// blank line inside the continuation; BuildKit itself reports the instruction's last line.
std::vector<Diagnostic> syntax_diagnostics(const Document& doc);
std::vector<Diagnostic> syntax_diagnostics(const Document& doc, const BuildkitParse& parse);

// The same, split for callers that keep them per instruction (syntax::SyntaxMemo); valid for a
// tree without errors only (ts_node_has_error(root) false), whose diagnostics are then those
// of the document (directive errors, no instructions), followed by each top-level
// instruction's (which depend only on its lines and the escape character), in position order
// (order_syntax_diagnostics: a stable sort by start byte).
std::vector<Diagnostic> document_syntax_diagnostics(const Document& doc);
std::vector<Diagnostic> instruction_syntax_diagnostics(const Document& doc, TSNode instruction,
                                                       char escape);
void order_syntax_diagnostics(std::vector<Diagnostic>& diagnostics);

// True when `diagnostics` holds at least one error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace whalesafe::syntax
