// Applying fixes to a text. Fixes from different rules compose: they are applied in position
// order, and a fix whose edits overlap an already accepted fix is left for the next round (the
// caller re-analyses the new text and asks again, until nothing changes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"

namespace whalesafe::findings {

struct FixResult {
  std::string text;
  std::size_t applied = 0;  // fixes applied
  std::size_t skipped = 0;  // fixes left out because they overlapped an applied one
  // Indices into the `diagnostics` argument of the fixes applied, in text order.
  std::vector<std::size_t> applied_indices;
  // The edits made, in text order, offsets into the original text, each with the text it
  // wrote (line breaks as the file writes them): what turns the original into `text`.
  std::vector<TextEdit> edits;
};

// Applies the fixes of `diagnostics` (unsafe ones only when `include_unsafe`) to `text`.
// Edits outside the text or overlapping within one fix make that fix skipped.
FixResult apply_fixes(std::string_view text, const std::vector<Diagnostic>& diagnostics,
                      bool include_unsafe);

}  // namespace whalesafe::findings
