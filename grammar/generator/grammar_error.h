// Error type for problems in the grammar being compiled (shared by the lexer and LR sides).
#pragma once

#include <stdexcept>

namespace tsgen {

struct GrammarError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace tsgen
