#include "document.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "tree_util.h"

namespace whalesafe::syntax {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The point reached after `text` when starting at `start`.
TSPoint advance_point(TSPoint start, std::string_view text) {
  TSPoint p = start;
  for (const char c : text) {
    if (c == '\n') {
      ++p.row;
      p.column = 0;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

Document::Document(std::string text, ParseOptions options)
    : text_(std::move(text)), options_(options), parser_(ts_parser_new()) {
  if (text_.size() > std::numeric_limits<uint32_t>::max() / 2) {
    throw ParseError("document too large for the parser");
  }
  if (!ts_parser_set_language(parser_.get(), tree_sitter_dockerfile())) {
    throw ParseError("the Dockerfile grammar's ABI does not match the tree-sitter runtime");
  }
  ts_parser_set_timeout_micros(parser_.get(), options_.timeout_micros);
  index_lines();
  reparse(nullptr);
}

Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

bool Document::has_bom() const { return std::string_view(text_).substr(0, 3) == kBom; }

void Document::reparse(const TSTree* old_tree) {
  TSTree* tree = ts_parser_parse_string(parser_.get(), old_tree, text_.data(),
                                        static_cast<uint32_t>(text_.size()));
  if (tree == nullptr) {
    ts_parser_reset(parser_.get());
    throw ParseError("parsing did not finish within the time limit");
  }
  tree_.reset(tree);
  // One pass over the root's children (the walk of a right-recursive root is what costs).
  instructions_.clear();
  top_level_comments_.clear();
  for_each_child(root(), [&](TSNode child) {
    const std::string_view type = type_of(child);
    if (type == node_type::kComment) {
      top_level_comments_.push_back(child);
    } else if (is_instruction(child)) {
      instructions_.push_back(child);
    } else if (type == "ERROR") {
      // Comments inside a top-level ERROR are still top-level lines (its instructions are not
      // listed: see top_level_instructions).
      walk(child, [&](TSNode n) {
        if (type_of(n) == node_type::kComment) {
          top_level_comments_.push_back(n);
          return false;
        }
        return !is_instruction(n);
      });
    }
  });
}

void Document::index_lines() {
  line_starts_.clear();
  line_starts_.push_back(0);
  const char* const begin = text_.data();
  const char* const end = begin + text_.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

void Document::edit(uint32_t start_byte, uint32_t old_end_byte, std::string_view new_text) {
  edit(std::vector<Edit>{{start_byte, old_end_byte, new_text}});
}

void Document::edit(std::vector<Edit> edits) {
  // Last first: an edit then never moves the offsets, nor the lines, of the ones still to come,
  // so the line index of the text before all of them serves every point below.
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.start_byte > b.start_byte; });
  const bool had_error = ts_node_has_error(root());
  for (const Edit& edit : edits) {
    const auto size = static_cast<uint32_t>(text_.size());
    const uint32_t start_byte = std::min(edit.start_byte, size);
    const uint32_t old_end_byte = std::clamp(edit.old_end_byte, start_byte, size);
    if (text_.size() - (old_end_byte - start_byte) + edit.new_text.size() >
        std::numeric_limits<uint32_t>::max() / 2) {
      throw ParseError("document too large for the parser");
    }
    TSInputEdit e{};
    e.start_byte = start_byte;
    e.old_end_byte = old_end_byte;
    e.new_end_byte = start_byte + static_cast<uint32_t>(edit.new_text.size());
    e.start_point = point_at(start_byte);
    e.old_end_point = point_at(old_end_byte);
    e.new_end_point = advance_point(e.start_point, edit.new_text);
    text_.replace(start_byte, old_end_byte - start_byte, edit.new_text);
    ts_tree_edit(tree_.get(), &e);
    relex_rest_of_row(e.new_end_byte, e.new_end_point);
  }
  index_lines();
  // Tree-sitter gives the same tree incrementally as afresh for error-free text only
  // (docs/reliability.md, "fuzz_grammar"): with an error, its recovery may pick another of two
  // equally costly trees, and a node reduced across an ERROR may be reused without it, losing
  // the error. So a tree with an error is never reused, and an incremental result with one is
  // parsed again afresh: the editor always has the tree `whalesafe check` has. A full parse
  // costs about twice an incremental one here, and only while the text has an error.
  if (had_error) {
    reparse(nullptr);
    return;
  }
  reparse(tree_.get());
  if (ts_node_has_error(root())) reparse(nullptr);
}

// The grammar's scanner declines some tokens by column (argument text, a word or a heredoc marker
// at the start of a line after a continuation, grammar/src/scanner.c), and the DFA then lexes
// the text instead. The runtime marks a token column-dependent only when the scanner returned it
// (lib/src/parser.c, ts_parser__lex: `called_get_column` is read for found external tokens), so
// such a DFA token is reused after an edit moves it to column 0, where a fresh parse lets the
// scanner take it (fuzz/regressions/grammar/flag-value-takes-a-continuation-after-edits). Only
// the row where an edit ends changes columns; an edit that replaces the rest of that row by the
// same bytes makes the runtime lex it again.
void Document::relex_rest_of_row(uint32_t byte, TSPoint point) {
  const auto size = static_cast<uint32_t>(text_.size());
  const void* nl = std::memchr(text_.data() + byte, '\n', size - byte);
  // Through the line feed: a token starting there moved too.
  const uint32_t row_end =
      nl == nullptr ? size : static_cast<uint32_t>(static_cast<const char*>(nl) - text_.data()) + 1;
  if (row_end == byte) return;
  TSInputEdit e{};
  e.start_byte = byte;
  e.old_end_byte = row_end;
  e.new_end_byte = row_end;
  e.start_point = point;
  e.old_end_point = nl == nullptr ? TSPoint{point.row, point.column + (row_end - byte)}
                                  : TSPoint{point.row + 1, 0};
  e.new_end_point = e.old_end_point;
  ts_tree_edit(tree_.get(), &e);
}

std::string_view Document::node_text(TSNode node) const {
  const uint32_t start = std::min<uint32_t>(ts_node_start_byte(node), text_.size());
  const uint32_t end = std::clamp<uint32_t>(ts_node_end_byte(node), start, text_.size());
  return std::string_view(text_).substr(start, end - start);
}

Document::LineSpan Document::lines_of(TSNode node) const {
  LineSpan span{line_start(ts_node_start_point(node).row), ts_node_end_byte(node)};
  if (span.end > text_.size()) span.end = static_cast<uint32_t>(text_.size());
  if (span.end == span.start || text_[span.end - 1] != '\n') {
    const void* nl = std::memchr(text_.data() + span.end, '\n', text_.size() - span.end);
    span.end = nl == nullptr
                   ? static_cast<uint32_t>(text_.size())
                   : static_cast<uint32_t>(static_cast<const char*>(nl) - text_.data()) + 1;
  }
  return span;
}

uint32_t Document::line_start(uint32_t row) const {
  return line_starts_[std::min<std::size_t>(row, line_starts_.size() - 1)];
}

TSPoint Document::point_at(uint32_t byte) const {
  byte = std::min<uint32_t>(byte, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
  const auto row = static_cast<uint32_t>(it - line_starts_.begin() - 1);
  return TSPoint{row, byte - line_starts_[row]};
}

LineCol Document::line_col(uint32_t byte) const { return line_col(point_at(byte)); }

LineCol Document::line_col(TSPoint point) const {
  const uint32_t start = line_start(point.row);
  const uint32_t end = std::min<uint32_t>(start + point.column, text_.size());
  uint32_t column = 1;
  uint32_t i = start;
  if (point.row == 0 && has_bom()) i = std::min<uint32_t>(3, end);
  while (i < end) {
    const auto b = static_cast<unsigned char>(text_[i]);
    std::size_t width = 1;
    if (b >= 0xC2 && b <= 0xDF) {
      width = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      width = 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      width = 4;
    }
    // Count a multi-byte sequence as one character only when it is complete.
    bool complete = i + width <= end;
    for (std::size_t k = 1; complete && k < width; ++k) {
      complete = (static_cast<unsigned char>(text_[i + k]) & 0xC0) == 0x80;
    }
    i += complete ? static_cast<uint32_t>(width) : 1;
    ++column;
  }
  return LineCol{point.row + 1, column};
}

}  // namespace whalesafe::syntax
