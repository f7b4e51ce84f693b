#include "model/source_text.h"

#include <algorithm>
#include <cstddef>

#include "syntax/tree_util.h"

namespace whalesafe::model {

ByteRange SourceText::to_document(std::size_t start, std::size_t end) const {
  if (offsets.empty() && !contiguous) return whole;
  const auto at = [&](std::size_t i) -> uint32_t {
    if (contiguous) {
      return i < text.size() ? whole.start_byte + static_cast<uint32_t>(i) : whole.end_byte;
    }
    return i < offsets.size() ? offsets[i] : whole.end_byte;
  };
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
  if (contiguous) {
    out.contiguous = true;
    out.whole = to_document(start, end);
  } else if (!offsets.empty()) {
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
  // Most words are leaves, with no continuation inside to look for.
  std::vector<ByteRange> skipped;
  if (ts_node_child_count(node) > 0) {
    syntax::walk(node, [&](TSNode n) {
      if (syntax::type_of(n) == syntax::node_type::kLineContinuation) {
        skipped.push_back(range_of(n));
        return false;
      }
      return true;
    });
  }
  const std::string& text = doc.text();
  const uint32_t end = std::min<uint32_t>(out.whole.end_byte, static_cast<uint32_t>(text.size()));
  if (skipped.empty()) {
    out.contiguous = true;
    if (out.whole.start_byte < end) {
      out.text.assign(text, out.whole.start_byte, end - out.whole.start_byte);
    }
    return out;
  }
  if (out.whole.start_byte < end) {
    out.text.reserve(end - out.whole.start_byte);
    out.offsets.reserve(end - out.whole.start_byte);
  }
  // The bytes between the skipped ranges (sorted, as the walk found them), a span at a time.
  const auto keep = [&](uint32_t from, uint32_t to) {
    if (from >= to) return;
    out.text.append(text, from, to - from);
    for (uint32_t b = from; b < to; ++b) out.offsets.push_back(b);
  };
  uint32_t at = out.whole.start_byte;
  for (const ByteRange& skip : skipped) {
    keep(at, std::min(skip.start_byte, end));
    at = std::max(at, skip.end_byte);
  }
  keep(at, end);
  return out;
}

SourceText detached_text(std::string text, TSNode node) {
  SourceText out;
  out.text = std::move(text);
  out.whole = range_of(node);
  return out;
}

}  // namespace whalesafe::model
