// SyntaxMemo: the syntax diagnostics of one document, kept per top-level instruction across
// its versions. In a tree without errors an instruction's syntax diagnostics depend only on its
// lines and the escape character, so after an edit only the changed instructions are looked
// at again (BuildKit's line parse, heredoc and quote checks); a tree with errors is analysed
// whole, as syntax_diagnostics does. The result is always what syntax_diagnostics(doc) gives.
//
// One memo serves one document on one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "syntax/document.h"
#include "syntax/syntax_errors.h"

namespace whalesafe::syntax {

class SyntaxMemo {
 public:
  std::vector<Diagnostic> diagnostics(const Document& doc);

  struct Stats {
    uint64_t hits = 0;    // instructions whose diagnostics were reused
    uint64_t misses = 0;  // instructions analysed
    uint64_t whole = 0;   // analyses of a tree with errors, done whole
  };
  Stats stats() const { return stats_; }

 private:
  struct Entry {
    std::vector<Diagnostic> diagnostics;  // offsets relative to the start of the lines
    uint64_t used = 0;                    // the analysis that last used the entry
  };
  std::unordered_map<std::string, Entry> entries_;  // by escape character + the lines' bytes
  uint64_t analysis_ = 0;
  Stats stats_;
};

}  // namespace whalesafe::syntax
