// Fuzz target 3: the fixer, as `--fix --unsafe-fixes` (and, chosen by the input, with
// --fix-errors) runs it. Checks what `--fix` promises (docs/check.md): a refused file is
// returned unchanged; the fixed text has no more syntax errors than the input (none when the
// input had none); fixing the result again changes nothing; and the bytes no fix means to
// change survive: a leading BOM, CRLF line ends (no bare LF appears in a CRLF-only file), and
// the presence or absence of a final newline. The analysis handed back for the report is of the
// fixed text.
#include <cstdint>
#include <string>
#include <string_view>

#include "fixes/fix_engine.h"
#include "fuzz_check.h"
#include "fuzz_rules.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"

namespace {

std::size_t syntax_errors(const std::string& text) {
  const whalesafe::syntax::Document doc(text);
  std::size_t errors = 0;
  for (const auto& d : whalesafe::syntax::syntax_diagnostics(doc)) {
    errors += d.severity == whalesafe::syntax::Severity::kError;
  }
  return errors;
}

bool crlf_only(std::string_view text) {
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') continue;
    if (i == 0 || text[i - 1] != '\r') return false;
    any = true;
  }
  return any;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const whalesafe::fuzz::CpuBudget budget;
  if (size == 0) return 0;
  const bool fix_errors = (data[0] & 1) != 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const whalesafe::fixes::FixOptions options{.include_unsafe = true, .fix_errors = fix_errors};
  const auto& selection = whalesafe::fuzz::fuzz_selection();
  const auto settings = whalesafe::fuzz::fuzz_settings();

  const whalesafe::fixes::FixOutcome outcome =
      whalesafe::fixes::fix_text(text, selection, settings, options);
  if (outcome.refusal != whalesafe::fixes::Refusal::kNone) {
    FUZZ_CHECK(outcome.text == text && outcome.applied.empty(), "a refused file is unchanged");
    return 0;
  }
  if (outcome.final_analysis) {
    // The findings `--fix` reports afterwards come with this parse: it must be of the result.
    FUZZ_CHECK(outcome.final_analysis->document.text() == outcome.text,
               "the final analysis is of the fixed text");
  }
  if (outcome.text == text) return 0;
  const std::size_t before = syntax_errors(text);
  const std::size_t after = syntax_errors(outcome.text);
  FUZZ_CHECK(after <= before, "fixes never add syntax errors");
  FUZZ_CHECK(text.starts_with("\xef\xbb\xbf") == outcome.text.starts_with("\xef\xbb\xbf"),
             "a byte order mark is kept, and none is added");
  if (crlf_only(text)) FUZZ_CHECK(crlf_only(outcome.text), "CRLF line ends stay CRLF");
  FUZZ_CHECK(text.ends_with('\n') == outcome.text.ends_with('\n'),
             "a final newline is kept, and none is added");
  if (outcome.converged) {
    const whalesafe::fixes::FixOutcome again =
        whalesafe::fixes::fix_text(outcome.text, selection, settings, options);
    FUZZ_CHECK(again.text == outcome.text && again.applied.empty(),
               "fixing a fixed text changes nothing");
  }
  return 0;
}
