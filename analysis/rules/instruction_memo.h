// InstructionMemo: the findings of the instruction-scoped rules (RuleScope::kInstruction), per
// top-level instruction, kept across analyses of one document. A re-analysis after an edit
// runs those rules only on the instructions whose lines or place changed and takes the others'
// findings from here, moved to where the instruction now is.
//
// An instruction is looked up by its lines' bytes (from the start of its first line to the
// line break after it, both included) and its place: the index of its stage, how many SHELL
// instructions precede it in that stage, whether the stage reaches the final image, and the
// FROM and SHELL instructions of the stage and of the stages it is built FROM. An edit of one
// stage's FROM line so reruns the rules on that stage and the stages built on it, not on the
// others. What every instruction may depend on, the parser directives and the instructions
// before the first FROM (the global ARGs), is the memo's skeleton: when it changes, every
// entry goes. So do they when the rules or their settings change (the owner calls clear(), or
// passes other RuleSelection/RuleSettings objects).
//
// One memo serves one document on one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "findings/diagnostic.h"
#include "syntax/string_hash.h"

namespace whalesafe::rules {

class RuleContext;
struct RuleSelection;
struct RuleSettings;
class InstructionMemo;

struct MemoStats {
  uint64_t hits = 0;         // instructions whose findings were reused
  uint64_t misses = 0;       // instructions the rules ran on
  uint64_t uncacheable = 0;  // misses whose findings reached outside the instruction's lines
  std::size_t size = 0;
};

class InstructionMemo {
 public:
  // Appends to `out` the findings of the instruction-scoped rules of `selection` on the
  // document of `context` (a whole-document context), at their current offsets.
  void check(const RuleContext& context, const RuleSelection& selection,
             const RuleSettings& settings, std::vector<findings::Diagnostic>& out);

  void clear();
  MemoStats stats() const;

 private:
  struct Entry {
    // Offsets relative to the start of the instruction's lines.
    std::vector<findings::Diagnostic> diagnostics;
    bool cacheable = true;
    uint64_t used = 0;  // the analysis that last used the entry
  };

  std::unordered_map<std::string, Entry, syntax::StringHash, std::equal_to<>> entries_;
  std::string skeleton_;
  const RuleSelection* selection_ = nullptr;
  const RuleSettings* settings_ = nullptr;
  uint64_t analysis_ = 0;
  MemoStats stats_;
};

}  // namespace whalesafe::rules
