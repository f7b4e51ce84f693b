// Fuzz target 1: the Dockerfile grammar and its external scanner. Parses the input, then applies
// random edits (byte ranges anywhere, text made of the fragments that move the scanner's state:
// continuations, heredocs, quotes, directives) with incremental reparses, and after every edit
// compares the incremental tree with a fresh parse of the same text: same nodes, same byte
// ranges, same ERROR/MISSING marks. Every tree is also checked for sane ranges (children inside
// their parent, in order, within the text).

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "byte_reader.h"
#include "fuzz_check.h"
#include "syntax/document.h"

namespace {

using whalesafe::syntax::Document;

// The whole tree as text: type, byte range and error marks of every node, in document order.
// Checks the range properties on the way.
std::string signature(const Document& doc) {
  std::string out;
  const uint32_t size = static_cast<uint32_t>(doc.text().size());
  TSTreeCursor cursor = ts_tree_cursor_new(doc.root());
  std::vector<uint32_t> parent_end{size};
  std::vector<uint32_t> last_end{0};
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    const uint32_t start = ts_node_start_byte(node);
    const uint32_t end = ts_node_end_byte(node);
    FUZZ_CHECK(start <= end && end <= size, "a node lies within the text");
    FUZZ_CHECK(end <= parent_end.back(), "a node ends within its parent");
    FUZZ_CHECK(start >= last_end.back(), "siblings do not overlap and come in order");
    last_end.back() = end;
    out += ts_node_type(node);
    out += ts_node_is_missing(node) ? "!" : "";
    out += ts_node_is_named(node) ? "" : "'";
    out += '[' + std::to_string(start) + ',' + std::to_string(end) + ']';
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      parent_end.push_back(end);
      last_end.push_back(start);
      out += '(';
      continue;
    }
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
      parent_end.pop_back();
      last_end.pop_back();
      out += ')';
    }
    if (done) break;
    out += ' ';
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The last byte chooses the number of edits; each edit's choices come from 16 bytes before
  // it; the rest, at the front, is the document. (A Dockerfile seed ending in a newline is
  // parsed almost whole, then edited once.)
  if (size == 0) return 0;
  const int edits = data[size - 1] % 9;
  const std::size_t tail = std::min<std::size_t>(size - 1, static_cast<std::size_t>(edits) * 16);
  const std::string text(reinterpret_cast<const char*>(data), size - 1 - tail);
  whalesafe::fuzz::ByteReader in(data + size - 1 - tail, tail);
  Document doc(text);
  FUZZ_CHECK(doc.text() == text, "the document keeps the bytes it was given");
  (void)signature(doc);
  for (int i = 0; i < edits && in.remaining() > 0; ++i) {
    const uint32_t length = static_cast<uint32_t>(doc.text().size());
    const uint32_t start = in.integer<uint32_t>(0, length);
    const uint32_t old_end = in.integer<uint32_t>(start, std::min<uint32_t>(length, start + 64));
    std::string inserted;
    const int pieces = in.integer<int>(0, 4);
    for (int p = 0; p < pieces; ++p) {
      if (in.flag()) {
        inserted += whalesafe::fuzz::kFragments[in.integer<std::size_t>(
            0, whalesafe::fuzz::kFragments.size() - 1)];
      } else {
        inserted += in.string(16);
      }
    }
    std::string expected = doc.text();
    expected.replace(start, old_end - start, inserted);
    doc.edit(start, old_end, inserted);
    FUZZ_CHECK(doc.text() == expected, "an edit replaces exactly the range given");
    const Document fresh(expected);
    FUZZ_CHECK(signature(doc) == signature(fresh),
               "the incremental reparse gives the same tree as a fresh parse");
  }
  return 0;
}
