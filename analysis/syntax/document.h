// Document: owns a Dockerfile's bytes, the tree-sitter parser and the current syntax tree.
// Parses on construction; edit() applies a text change and reparses incrementally.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tree_sitter_dockerfile/dockerfile.h"

namespace whalesafe::syntax {

// A human-facing position: 1-based line, 1-based column counted in Unicode characters
// (code points; each invalid UTF-8 byte counts as one). A UTF-8 BOM is not counted.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
  friend bool operator==(const LineCol&, const LineCol&) = default;
};

// Thrown when the parser gives up (time limit reached or cancelled).
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParseOptions {
  uint64_t timeout_micros = 0;  // 0: no limit
};

class Document {
 public:
  explicit Document(std::string text, ParseOptions options = {});
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  const std::string& text() const { return text_; }
  TSTree* tree() const { return tree_.get(); }
  TSNode root() const { return ts_tree_root_node(tree_.get()); }

  // True when the text starts with a UTF-8 byte order mark (EF BB BF). The BOM stays in
  // text() and in all byte offsets; tree-sitter skips it like white space.
  bool has_bom() const;

  // Replaces bytes [start_byte, old_end_byte) with `new_text` and reparses, reusing the old
  // tree when neither it nor the result has a syntax error (tree-sitter's reuse is exact only
  // then; otherwise the text is parsed afresh). Offsets past the end are clamped.
  void edit(uint32_t start_byte, uint32_t old_end_byte, std::string_view new_text);

  // Several replacements at once, with one reparse: `edits` must not overlap (offsets are
  // those of the text before any of them; any order).
  struct Edit {
    uint32_t start_byte = 0;
    uint32_t old_end_byte = 0;
    std::string_view new_text;
  };
  void edit(std::vector<Edit> edits);

  // The top-level instructions in source order (not those inside ONBUILD), listed once per
  // parse: every layer of the analysis starts from them.
  const std::vector<TSNode>& instructions() const { return instructions_; }
  // The comments outside instructions (those between the continuation lines of an instruction
  // are part of it), in source order, listed in the same pass.
  const std::vector<TSNode>& top_level_comments() const { return top_level_comments_; }

  // The bytes of `node`.
  std::string_view node_text(TSNode node) const;

  // Tree-sitter's point for a byte offset (0-based row, column in bytes).
  TSPoint point_at(uint32_t byte) const;
  // The 1-based line/character position of a byte offset.
  LineCol line_col(uint32_t byte) const;
  LineCol line_col(TSPoint point) const;
  // Number of lines (a final line without a line feed counts; an empty text has one line).
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Byte offset where 0-based `row` starts (clamped to the last line).
  uint32_t line_start(uint32_t row) const;

  // [start, end) of the lines `node` is on: from the start of its first line to the line break
  // after it (included), so that indentation and the kind of line break belong to it. What the
  // memos of per-instruction results (rules::InstructionMemo, SyntaxMemo) key and shift by.
  struct LineSpan {
    uint32_t start = 0;
    uint32_t end = 0;
  };
  LineSpan lines_of(TSNode node) const;

 private:
  struct ParserDeleter {
    void operator()(TSParser* p) const { ts_parser_delete(p); }
  };
  struct TreeDeleter {
    void operator()(TSTree* t) const { ts_tree_delete(t); }
  };

  void reparse(const TSTree* old_tree);
  void index_lines();
  void relex_rest_of_row(uint32_t byte, TSPoint point);

  std::string text_;
  ParseOptions options_;
  std::vector<uint32_t> line_starts_;
  std::unique_ptr<TSParser, ParserDeleter> parser_;
  std::unique_ptr<TSTree, TreeDeleter> tree_;
  std::vector<TSNode> instructions_;
  std::vector<TSNode> top_level_comments_;
};

}  // namespace whalesafe::syntax
