// Parsing shell text with tree-sitter-bash.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/script.h"

namespace whalesafe::shell {

// One parse of one shell text: immutable once built (but for the facts derived from it, see
// derived), shared by the parse cache.
class ParsedShell {
 public:
  // Parses `text` (tree-sitter-bash) and builds its Script (Dockerfile ranges left empty).
  explicit ParsedShell(std::string text);

  const std::string& text() const { return text_; }
  const Script& script() const { return script_; }

  // A fact computed from this parse alone (text and Script, shell offsets only), by whoever
  // asks first, then shared by every document and analysis that holds the parse: a rule that
  // scans each RUN on every keystroke scans only the RUNs that changed. `key` names the fact
  // for the life of the program (the address of a static); `compute()` returns a Fact.
  // Thread-safe: the cache that hands out parses is shared by threads.
  template <class Fact, class Compute>
  const Fact& derived(const void* key, Compute&& compute) const {
    {
      const std::lock_guard<std::mutex> lock(derived_mutex_);
      for (const auto& [k, fact] : derived_) {
        if (k == key) return *static_cast<const Fact*>(fact.get());
      }
    }
    // Computed unlocked (it may ask for other facts); a fact two threads raced to compute is
    // the same, and the first one stored wins.
    std::shared_ptr<const void> made = std::make_shared<const Fact>(compute());
    const std::lock_guard<std::mutex> lock(derived_mutex_);
    for (const auto& [k, fact] : derived_) {
      if (k == key) return *static_cast<const Fact*>(fact.get());
    }
    derived_.emplace_back(key, std::move(made));
    return *static_cast<const Fact*>(derived_.back().second.get());
  }

 private:
  // The tree-sitter tree is not kept: everything the analysis reads is in the Script, and a
  // language server keeps a parse for every RUN of every open document.
  std::string text_;
  Script script_;
  mutable std::mutex derived_mutex_;
  // Few (one per fact asked for): a scan is the fastest lookup.
  mutable std::vector<std::pair<const void*, std::shared_ptr<const void>>> derived_;
};

}  // namespace whalesafe::shell
