// Renders parser.c: every table of `struct TSLanguage` (ABI 14) for the
// tree-sitter 0.20.7 runtime, plus the generated DFA lexers.
#pragma once

#include <string>

#include "parse_table.h"
#include "prepared_grammar.h"

namespace tsgen {

struct RenderStats {
  int state_count = 0;
  int symbol_count = 0;
  int lex_state_count = 0;
  size_t dfa_state_count = 0;
  int keyword_count = 0;
};

// Throws GrammarError on an ambiguous token.
std::string render_parser(const PreparedGrammar& grammar, const ParseTable& table, RenderStats* stats = nullptr);

}  // namespace tsgen
