#include "lsp/features/open_document.h"

#include <algorithm>

namespace whalesafe::lsp::features {

ChangedRange merge(const std::optional<ChangedRange>& range, uint32_t start, uint32_t end,
                   uint32_t length) {
  if (!range) return ChangedRange{start, end, start + length};
  // In the text before this edit, [range->start, range->new_end) differs from the analysed
  // text; the union with [start, end) maps back to the analysed text by the earlier growth.
  const uint32_t lo = std::min(range->start, start);
  const uint32_t hi = std::max(range->new_end, end);
  const uint32_t old_end = range->old_end + (hi - range->new_end);
  return ChangedRange{lo, old_end, hi - (end - start) + length};
}

}  // namespace whalesafe::lsp::features
