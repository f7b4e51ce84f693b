// ParseCache: parses of shell texts, keyed by the text itself (hash + equality), so a RUN
// whose shell text did not change is not parsed again when an edited document is analysed
// anew. Least recently used entries go first once `capacity` entries are held. A document
// analysed through the cache raises the capacity to four times its number of instructions
// (reserve), room for the texts of the version before an edit and of the new one, heredoc
// scripts included: a fixed capacity smaller than one document would evict every entry
// before its next use.
//
// Thread safety: every member function takes an internal lock, so one cache can be shared by
// threads; the entries it hands out are immutable and shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "shell/parsed_shell.h"

namespace whalesafe::shell {

// The capacity of one cache shared by all files of a `whalesafe check` run: files of one
// project repeat RUN texts (a quarter of the corpus' texts are repeats), and a parse costs far
// more than a lookup. Bounded, so that a run over thousands of files keeps a bounded memory.
inline constexpr std::size_t kSharedCacheEntries = 4096;

class ParseCache {
 public:
  explicit ParseCache(std::size_t capacity = 512);

  // The parse of `text`: the cached one, or a new parse (then cached).
  std::shared_ptr<const ParsedShell> parse(std::string_view text);

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;  // = parses done
    uint64_t evictions = 0;
    std::size_t size = 0;
  };
  Stats stats() const;
  void clear();
  // Makes room for at least `entries` entries (the capacity never shrinks).
  void reserve(std::size_t entries);

 private:
  using Entry = std::shared_ptr<const ParsedShell>;
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::list<Entry> lru_;  // most recent first
  // Keys view the text held by the entry itself.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
  Stats stats_;
};

}  // namespace whalesafe::shell
