// tsgen: our tree-sitter parser generator.
//
//   tsgen GRAMMAR_JSON OUTPUT_PARSER_C [--stats]
//
// Reads grammar.json (from grammar/scripts/grammar-to-json.js) and writes
// parser.c for the tree-sitter 0.20.7 runtime (ABI 14). Grammar problems
// (LR conflicts, ambiguous tokens, unsupported features) are reported as
// readable errors and nothing is written.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "grammar_error.h"
#include "grammar_ir.h"
#include "parse_table.h"
#include "prepared_grammar.h"
#include "render_parser.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: tsgen GRAMMAR_JSON OUTPUT_PARSER_C [--stats]\n";
    return 2;
  }
  const std::string input = argv[1];
  const std::string output = argv[2];
  const bool stats_wanted = argc > 3 && std::string(argv[3]) == "--stats";
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::cerr << "tsgen: cannot read " << input << "\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    const auto grammar = tsgen::prepare_grammar(tsgen::parse_grammar_json(buffer.str()));
    const auto table = tsgen::build_parse_table(grammar);
    tsgen::RenderStats stats;
    const std::string code = tsgen::render_parser(grammar, table, &stats);
    const std::string temp = output + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary);
      out << code;
      if (!out) {
        std::cerr << "tsgen: cannot write " << temp << "\n";
        return 2;
      }
    }
    if (std::rename(temp.c_str(), output.c_str()) != 0) {
      std::cerr << "tsgen: cannot write " << output << "\n";
      return 2;
    }
    if (stats_wanted) {
      std::cerr << "tsgen: " << stats.state_count << " parse states, " << stats.symbol_count << " symbols, "
                << stats.lex_state_count << " lex states, " << stats.dfa_state_count << " DFA states, "
                << stats.keyword_count << " keywords\n";
    }
  } catch (const tsgen::GrammarError& error) {
    std::cerr << input << ": error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
