// Fuzz target 2: the analysis. Runs every rule (but `shellcheck`) on arbitrary input, with the
// syntax diagnostics and BuildKit's instruction parse, and checks what every diagnostic promises
// its users: a range inside the text, a rule and a message, a position that line_col can turn
// into a line and column inside the document, fixes whose edits lie inside the text and do not
// overlap; and the report order (diagnostic_less) is the order returned.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_rules.h"
#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"

namespace {

using whalesafe::findings::Diagnostic;
using whalesafe::findings::TextEdit;

void check_diagnostic(const whalesafe::syntax::Document& doc, const Diagnostic& d) {
  const std::size_t size = doc.text().size();
  FUZZ_CHECK(d.start_byte <= d.end_byte && d.end_byte <= size, "a diagnostic lies in the text");
  FUZZ_CHECK(!d.rule.empty() && !d.message.empty(), "a diagnostic names its rule and says why");
  const auto at = doc.line_col(d.start_byte);
  FUZZ_CHECK(at.line >= 1 && at.line <= doc.line_count() && at.column >= 1,
             "a diagnostic's line and column exist");
  if (!d.fix) return;
  FUZZ_CHECK(!d.fix->description.empty(), "a fix says what it does");
  std::vector<TextEdit> edits = d.fix->edits;
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.start_byte < b.start_byte; });
  for (std::size_t i = 0; i < edits.size(); ++i) {
    FUZZ_CHECK(edits[i].start_byte <= edits[i].end_byte && edits[i].end_byte <= size,
               "a fix edits bytes of the text");
    if (i > 0) {
      FUZZ_CHECK(edits[i - 1].end_byte <= edits[i].start_byte, "a fix's edits do not overlap");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const whalesafe::fuzz::CpuBudget budget;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const whalesafe::syntax::Document doc(text);
  const auto parse = whalesafe::syntax::buildkit_parse(doc);
  for (const auto& d : whalesafe::syntax::syntax_diagnostics(doc, parse)) {
    FUZZ_CHECK(d.start_byte <= d.end_byte && d.end_byte <= size,
               "a syntax diagnostic lies in the text");
    FUZZ_CHECK(!d.message.empty(), "a syntax diagnostic says what is wrong");
  }
  const std::vector<Diagnostic> diagnostics = whalesafe::rules::check_document(
      doc, whalesafe::fuzz::fuzz_selection(), whalesafe::fuzz::fuzz_settings());
  for (const Diagnostic& d : diagnostics) check_diagnostic(doc, d);
  FUZZ_CHECK(
      std::is_sorted(diagnostics.begin(), diagnostics.end(), whalesafe::findings::diagnostic_less),
      "diagnostics come in report order");
  return 0;
}
