// Test harness: compiles a LexerBuilder's emitted C together with a fake TSLexer driver into a
// shared object, loads it and runs it on inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lexer_builder.h"

namespace lextest {

struct LexResult {
  int status = 0;  // 1: token, 0: no token, -1: the lexer hung (step limit hit)
  int symbol = -1;
  size_t start = 0;  // token start (after skipped separators)
  size_t end = 0;
};

struct Token {
  int symbol;  // 0 = end of input
  std::string text;
  bool operator==(const Token&) const = default;
};

class CompiledLexer {
 public:
  explicit CompiledLexer(const tsgen::LexerBuilder& builder);
  ~CompiledLexer();
  CompiledLexer(const CompiledLexer&) = delete;
  CompiledLexer& operator=(const CompiledLexer&) = delete;

  LexResult lex(uint16_t lex_state, std::string_view input, size_t position = 0) const;
  // Lexes from the start until the end token, a failure or an empty token. On failure the
  // last element is {-1, <rest of input>}.
  std::vector<Token> tokenize(uint16_t lex_state, std::string_view input) const;
  // Lexes the whole input (skipping one byte on failure); returns the number of tokens.
  long lex_all(uint16_t lex_state, std::string_view input) const;

  const std::string& c_source() const { return source_; }

 private:
  std::string source_;
  std::string dir_;
  void* handle_ = nullptr;
  void* lex_fn_ = nullptr;
  void* lex_all_fn_ = nullptr;
};

// Convenience for building TokenSpecs in tests.
tsgen::TokenSpec string_token(int symbol, const std::string& text, int precedence = 0, bool immediate = false);
tsgen::TokenSpec pattern_token(int symbol, const std::string& name, const std::string& regex,
                               const std::string& flags = "", int precedence = 0, bool immediate = false);

std::string show(const std::vector<Token>& tokens);

}  // namespace lextest
