// Fuzz target 1: the Dockerfile grammar and its external scanner. Parses the input, then applies
// random edits (byte ranges anywhere, text made of the fragments that move the scanner's state:
// continuations, heredocs, quotes, directives) with incremental reparses, and after every edit
// compares the incremental tree with a fresh parse of the same text: same nodes, same byte
// ranges, same ERROR/MISSING marks. Every tree is also checked for sane ranges (children inside
// their parent, in order, within the text).

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

void report_edit(int index, uint32_t start, uint32_t old_end, const std::string& inserted) {
  std::fprintf(stderr, "edit %d: bytes [%u, %u) replaced by %zu bytes\n", index, start, old_end,
               inserted.size());
}

// Prints what a mismatch needs to be understood: the text and both trees.
void report_trees(const Document& incremental, const Document& fresh) {
  const auto print_tree = [](const char* name, const Document& doc) {
    char* sexp = ts_node_string(doc.root());
    std::fprintf(stderr, "%s tree:\n%s\n", name, sexp);
    std::free(sexp);
  };
  std::fprintf(stderr, "text:\n%s\n", fresh.text().c_str());
  print_tree("incremental", incremental);
  print_tree("fresh", fresh);
}

// The incremental tree against a fresh parse of the same text. Identical when the text has no
// syntax error. With an error, tree-sitter does not promise one tree: its error recovery keeps
// several candidate trees and, when two have the same error cost and dynamic precedence, keeps
// whichever reached the comparison last (lib/src/parser.c, ts_parser__select_tree: `if
// (ts_subtree_error_cost(left) > 0) return true;`; costs from lib/src/error_costs.h). An
// incremental reparse reuses old subtrees on some candidates but not others, so the candidates
// advance at different paces, are not merged where a fresh parse merges them, and reach the
// comparison in another order. Seen on
// fuzz/regressions/grammar/equal-cost-recoveries-of-a-from-line: `FROM shfmt COPY COPY ...`
// recovers either as FROM + MISSING newline (cost 110 + 500) or as ERROR(FROM shfmt) (500 + 10
// bytes + 100 for the skipped tree): both 610. The fresh parse merges the two candidates and keeps
// the MISSING one; the incremental parse, having reused the old tree's later lines on one
// candidate only, finishes them separately and keeps the ERROR one. Upstream's randomized tests
// (cli/src/tests/corpus_test.rs) compare trees only after the edits are undone, on error-free
// texts, as LLVMFuzzerTestOneInput does at the end. So with an error, what must hold is: both trees
// have one, both cover the same bytes, and each is a consistent tree (signature() checks ranges).
template <class ReportEdit>
void compare_with_fresh_parse(const Document& incremental, const Document& fresh,
                              ReportEdit report_edit) {
  const std::string incremental_signature = signature(incremental);
  const std::string fresh_signature = signature(fresh);
  const bool fresh_has_error = ts_node_has_error(fresh.root());
  const bool same =
      fresh_has_error
          ? ts_node_has_error(incremental.root()) &&
                ts_node_start_byte(incremental.root()) == ts_node_start_byte(fresh.root()) &&
                ts_node_end_byte(incremental.root()) == ts_node_end_byte(fresh.root())
          : incremental_signature == fresh_signature;
  if (!same) {
    report_edit();
    report_trees(incremental, fresh);
  }
  if (fresh_has_error) {
    FUZZ_CHECK(same,
               "the incremental reparse of a text with a syntax error finds an error too, over "
               "the same bytes as a fresh parse");
  } else {
    FUZZ_CHECK(same,
               "the incremental reparse of an error-free text gives the same tree as a fresh "
               "parse");
  }
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
  const std::string original_signature = signature(doc);
  const bool original_has_error = ts_node_has_error(doc.root());
  // The edits that undo the ones made, in the order they were made.
  struct Undo {
    uint32_t start;
    uint32_t end;
    std::string removed;
  };
  std::vector<Undo> undo;
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
    undo.push_back({start, start + static_cast<uint32_t>(inserted.size()),
                    doc.text().substr(start, old_end - start)});
    doc.edit(start, old_end, inserted);
    FUZZ_CHECK(doc.text() == expected, "an edit replaces exactly the range given");
    const Document fresh(expected);
    compare_with_fresh_parse(doc, fresh, [&] { report_edit(i, start, old_end, inserted); });
  }
  // Tree-sitter's own randomized test: undoing every edit, with incremental reparses, gives
  // back the tree of the original text, which is unique when the text has no syntax error.
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) doc.edit(it->start, it->end, it->removed);
  FUZZ_CHECK(doc.text() == text, "undoing the edits gives back the original text");
  FUZZ_CHECK(ts_node_has_error(doc.root()) == original_has_error,
             "undoing the edits gives back a tree with as many syntax errors (none or some)");
  if (!original_has_error) {
    const std::string undone_signature = signature(doc);
    if (undone_signature != original_signature) {
      std::fprintf(stderr, "after undoing %zu edits:\n", undo.size());
      const Document fresh(text);
      report_trees(doc, fresh);
    }
    FUZZ_CHECK(undone_signature == original_signature,
               "undoing the edits of an error-free text gives back its tree");
  }
  return 0;
}
