// A fake TSLexer over a UTF-8 buffer and a driver that calls the external scanner the way the
// tree-sitter 0.20.7 runtime does (see ../shared/docs/tree-sitter-abi14.md, sections 7.2-7.5):
//
// - `lookahead` is the current code point, 0 at EOF, -1 for a byte of invalid UTF-8;
// - advance(skip=true) moves the token start after the consumed code point (so it also drops
//   code points consumed before without skipping); advance at EOF does nothing;
// - mark_end fixes the token end (last call wins); without it the token ends where the scanner
//   stopped;
// - before every scan the state of the last external token is deserialized; after a token it
//   is serialized (a refused scan leaves no trace).
#pragma once

#include <catch2/catch.hpp>
#include <tree_sitter/parser.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
void* tree_sitter_dockerfile_external_scanner_create(void);
void tree_sitter_dockerfile_external_scanner_destroy(void*);
bool tree_sitter_dockerfile_external_scanner_scan(void*, TSLexer*, const bool*);
unsigned tree_sitter_dockerfile_external_scanner_serialize(void*, char*);
void tree_sitter_dockerfile_external_scanner_deserialize(void*, const char*, unsigned);
}

namespace scanner_test {

// External tokens, in grammar.js order.
enum Sym : int {
  LINE_CONTINUATION,
  PARSER_DIRECTIVE,
  TEXT_FIRST,
  TEXT,
  HEREDOC_MARKER,
  HEREDOC_NEWLINE,
  HEREDOC_CONTENT,
  HEREDOC_END,
  JSON_ARRAY_START,
  ESCAPE,
  IMMEDIATE_ESCAPE,
  ESCAPED_BLANK,
  LITERAL,
  IMMEDIATE_LITERAL,
  UNCLOSED_QUOTE,
  LINE_END,
  WORD_BREAK,
  PAIRS_FORM,
  LEGACY_FORM,
  ERROR_SENTINEL,
  SYM_COUNT,
};

inline const char* sym_name(int s) {
  static const char* const names[] = {"LINE_CONTINUATION", "PARSER_DIRECTIVE",
                                      "TEXT_FIRST",        "TEXT",
                                      "HEREDOC_MARKER",    "HEREDOC_NEWLINE",
                                      "HEREDOC_CONTENT",   "HEREDOC_END",
                                      "JSON_ARRAY_START",  "ESCAPE",
                                      "IMMEDIATE_ESCAPE",  "ESCAPED_BLANK",
                                      "LITERAL",           "IMMEDIATE_LITERAL",
                                      "UNCLOSED_QUOTE",    "LINE_END",
                                      "WORD_BREAK",        "PAIRS_FORM",
                                      "LEGACY_FORM",       "ERROR_SENTINEL"};
  return s >= 0 && s < SYM_COUNT ? names[s] : "?";
}

struct FakeLexer {
  TSLexer base;  // first member: the scanner only sees this
  const char* data = nullptr;
  size_t len = 0;
  size_t pos = 0;    // byte offset of the lookahead
  size_t size = 0;   // byte size of the lookahead
  size_t start = 0;  // token start
  size_t end = 0;    // token end (valid if marked)
  bool marked = false;
  bool asked_column = false;

  FakeLexer(std::string_view text, size_t at) : data(text.data()), len(text.size()) {
    base.lookahead = 0;
    base.result_symbol = 0;
    base.advance = &FakeLexer::advance_fn;
    base.mark_end = &FakeLexer::mark_end_fn;
    base.get_column = &FakeLexer::get_column_fn;
    base.is_at_included_range_start = &FakeLexer::range_start_fn;
    base.eof = &FakeLexer::eof_fn;
    pos = start = end = at;
    decode();
  }

  static FakeLexer* self(TSLexer* l) { return reinterpret_cast<FakeLexer*>(l); }
  static const FakeLexer* self(const TSLexer* l) { return reinterpret_cast<const FakeLexer*>(l); }

  void decode() {
    if (pos >= len) {
      base.lookahead = 0;
      size = 0;
      return;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(data + pos);
    const size_t left = len - pos;
    const unsigned char b0 = p[0];
    int32_t cp = -1;
    size_t n = 1;
    auto cont = [&](size_t i) { return i < left && (p[i] & 0xC0) == 0x80; };
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
      cp = ((b0 & 0x1F) << 6) | (p[1] & 0x3F);
      n = 2;
    } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
      cp = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      n = 3;
      if (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000)) cp = -1, n = 1;
    } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
      cp = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      n = 4;
      if (cp < 0x10000 || cp > 0x10FFFF) cp = -1, n = 1;
    }
    base.lookahead = cp;
    size = n;
  }

  static void advance_fn(TSLexer* l, bool skip) {
    FakeLexer* f = self(l);
    if (f->pos >= f->len) return;
    f->pos += f->size;
    if (skip) f->start = f->pos;
    f->decode();
  }
  static void mark_end_fn(TSLexer* l) {
    FakeLexer* f = self(l);
    f->end = f->pos;
    f->marked = true;
  }
  static uint32_t get_column_fn(TSLexer* l) {
    FakeLexer* f = self(l);
    f->asked_column = true;
    size_t line_start = f->pos;
    while (line_start > 0 && f->data[line_start - 1] != '\n') --line_start;
    uint32_t col = 0;  // code points, as the runtime counts advances
    for (size_t i = line_start; i < f->pos; ++i) {
      if ((static_cast<unsigned char>(f->data[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }
  static bool range_start_fn(const TSLexer*) { return false; }
  static bool eof_fn(const TSLexer* l) { return self(l)->pos >= self(l)->len; }
};

struct Token {
  int sym = -1;
  std::string text;
  size_t start = 0;
  size_t end = 0;
  bool operator==(const Token& o) const { return sym == o.sym && text == o.text; }
};

inline std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

inline std::ostream& operator<<(std::ostream& os, const Token& t) {
  return os << sym_name(t.sym) << " \"" << printable(t.text) << "\" [" << t.start << "-" << t.end
            << "]";
}

inline Token tok(int sym, std::string text) { return Token{sym, std::move(text), 0, 0}; }

// Drives the scanner over one input, keeping the serialized state of the last external token
// as the runtime does. DFA tokens are simulated with `dfa`.
class Runner {
 public:
  explicit Runner(std::string input)
      : input_(std::move(input)), scanner_(tree_sitter_dockerfile_external_scanner_create()) {
    tree_sitter_dockerfile_external_scanner_deserialize(scanner_, nullptr, 0);
  }
  ~Runner() { tree_sitter_dockerfile_external_scanner_destroy(scanner_); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Calls scan() at the current position with `valid` plus LINE_CONTINUATION and LINE_END
  // (extras, valid in every state). Returns the token, or nullopt when the scanner refuses.
  std::optional<Token> scan(const std::vector<int>& valid) {
    bool v[SYM_COUNT] = {};
    v[LINE_CONTINUATION] = true;
    v[LINE_END] = true;
    for (int s : valid) v[s] = true;
    return scan_with(v);
  }

  // Error recovery: every external token is valid.
  std::optional<Token> scan_error() {
    bool v[SYM_COUNT];
    for (bool& b : v) b = true;
    return scan_with(v);
  }

  // The DFA lexer: skips blanks, then consumes `text`, which must be next. Returns false if
  // the input does not continue with it.
  bool dfa(std::string_view text) {
    size_t p = pos_;
    while (p < input_.size() && (input_[p] == ' ' || input_[p] == '\t')) ++p;
    if (input_.compare(p, text.size(), text) != 0) return false;
    pos_ = p + text.size();
    return true;
  }

  size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= input_.size(); }
  std::string_view rest() const { return std::string_view(input_).substr(pos_); }
  const std::string& state() const { return state_; }
  bool asked_column() const { return asked_column_; }
  void* scanner() const { return scanner_; }

 private:
  std::optional<Token> scan_with(const bool* valid) {
    tree_sitter_dockerfile_external_scanner_deserialize(scanner_, state_.data(),
                                                        static_cast<unsigned>(state_.size()));
    FakeLexer lexer(input_, pos_);
    const bool ok = tree_sitter_dockerfile_external_scanner_scan(scanner_, &lexer.base, valid);
    asked_column_ = lexer.asked_column;
    if (!ok) return std::nullopt;
    Token t;
    t.sym = lexer.base.result_symbol;
    t.start = lexer.start;
    t.end = lexer.marked ? lexer.end : lexer.pos;
    if (t.sym < 0 || t.sym >= SYM_COUNT || !valid[t.sym]) {
      t.text = "<invalid symbol returned>";
      return t;
    }
    if (t.end < t.start) t.end = t.start;
    t.text = input_.substr(t.start, t.end - t.start);
    char buffer[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
    const unsigned n = tree_sitter_dockerfile_external_scanner_serialize(scanner_, buffer);
    state_.assign(buffer, n);
    pos_ = t.end;
    return t;
  }

  std::string input_;
  void* scanner_;
  size_t pos_ = 0;
  std::string state_;
  bool asked_column_ = false;
};

}  // namespace scanner_test

namespace Catch {
template <>
struct StringMaker<std::optional<scanner_test::Token>> {
  static std::string convert(const std::optional<scanner_test::Token>& t) {
    if (!t) return "(no token)";
    std::string out = scanner_test::sym_name(t->sym);
    out += " \"" + scanner_test::printable(t->text) + "\" [" + std::to_string(t->start) + "-" +
           std::to_string(t->end) + "]";
    return out;
  }
};
}  // namespace Catch
