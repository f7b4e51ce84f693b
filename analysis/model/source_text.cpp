#include "model/source_text.h"

#include <algorithm>
#include <cstddef>

#include "syntax/tree_util.h"

namespace whalesafe::model {

ByteRange SourceText::to_document(std::size_t start, std::size_t end) const {
  if (offsets.empty()) return whole;
  const auto at = [&](std::size_t i) { return i < offsets.size() ? offsets[i] : whole.end_byte; };
  const uint32_t s = at(start);
  // The end follows the last byte included, so a range ending before a continuation does not
  // stretch over it.
  const uint32_t e = end > start ? at(end - 1) + 1 : s;
  return {s, e};
}

SourceText SourceText::slice(std::size_t start, std::size_t end) const {
  SourceText out;
  end = std::min(end, text.size());
  start = std::min(start, end);
  out.text = text.substr(start, end - start);
  if (!offsets.empty()) {
    out.offsets.assign(offsets.begin() + static_cast<std::ptrdiff_t>(start),
                       offsets.begin() + static_cast<std::ptrdiff_t>(end));
    out.whole = to_document(start, end);
  } else {
    out.whole = whole;
  }
  return out;
}

SourceText source_text(const syntax::Document& doc, TSNode node) {
  SourceText out;
  out.whole = range_of(node);
  if (ts_node_is_null(node)) return out;
  std::vector<ByteRange> skipped;
  syntax::walk(node, [&](TSNode n) {
    if (syntax::type_of(n) == syntax::node_type::kLineContinuation) {
      skipped.push_back(range_of(n));
      return false;
    }
    return true;
  });
  const std::string& text = doc.text();
  std::size_t next_skip = 0;
  for (uint32_t b = out.whole.start_byte; b < out.whole.end_byte && b < text.size(); ++b) {
    while (next_skip < skipped.size() && skipped[next_skip].end_byte <= b) ++next_skip;
    if (next_skip < skipped.size() && skipped[next_skip].start_byte <= b) continue;
    out.text.push_back(text[b]);
    out.offsets.push_back(b);
  }
  return out;
}

SourceText detached_text(std::string text, TSNode node) {
  SourceText out;
  out.text = std::move(text);
  out.whole = range_of(node);
  return out;
}

}  // namespace whalesafe::model
