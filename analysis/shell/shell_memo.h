// ShellMemo: the analysed shells (shell_analysis.h) of one document's instructions, kept from
// one analysis to the next. After an edit most instructions are byte for byte what they were,
// only moved: their shells come back out of the memo without a copy and without a new mapping,
// their Dockerfile offsets shifted by how far the instruction moved and bound to the new tree's
// node. The rest are analysed through the ParseCache as before.
//
// An instruction's shells depend on its own bytes and on the escape char in force, nothing
// else (shell_source.h): that is the key. A memo serves one document on one thread at a time;
// analyze_document hands the shells out, keep takes them back once the analysis is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shell/shell_analysis.h"
#include "syntax/string_hash.h"

namespace whalesafe::shell {

class ShellMemo {
 public:
  // The shells of every top-level instruction of `doc`, in order, as
  // shell::analyze_document gives them.
  std::vector<AnalyzedShell> analyze_document(const syntax::Document& doc, char escape,
                                              ParseCache& cache);
  // Takes back the vector the last analyze_document returned, for the next analysis; what that
  // analysis did not reuse is dropped.
  void keep(std::vector<AnalyzedShell> shells);

  struct Stats {
    uint64_t reused = 0;    // instructions whose shells came from the memo
    uint64_t analysed = 0;  // instructions analysed anew
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Entry {
    uint32_t start = 0;  // the instruction's start when its shells were made
    std::vector<AnalyzedShell> shells;
    uint64_t analysis = 0;  // the analysis that handed them out last
  };
  // Instruction bytes -> entries (several when identical instructions occur more than once).
  // The keys stay from one analysis to the next: only a text the memo has not seen is copied
  // into a new key, and keep erases the entries the last analysis did not use.
  using Entries =
      std::unordered_map<std::string, std::vector<Entry>, syntax::StringHash, std::equal_to<>>;
  // What analyze_document handed out, instruction by instruction, for keep: the entry list
  // its shells go back to (references to a map's values survive its rehashing).
  struct Handed {
    std::vector<Entry>* slot = nullptr;
    uint32_t start = 0;
    std::size_t count = 0;
  };
  Entries entries_;
  std::vector<Handed> handed_;
  uint64_t analysis_ = 0;
  char escape_ = '\\';
  Stats stats_;
};

}  // namespace whalesafe::shell
