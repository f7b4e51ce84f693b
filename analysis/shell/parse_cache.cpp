#include "shell/parse_cache.h"

namespace whalesafe::shell {

ParseCache::ParseCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::shared_ptr<const ParsedShell> ParseCache::parse(std::string_view text) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = index_.find(text);
    if (it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++stats_.hits;
      return *it->second;
    }
  }
  // Parse outside the lock: other threads keep using the cache meanwhile. Two threads may
  // parse the same new text; the second result is then dropped.
  auto parsed = std::make_shared<const ParsedShell>(std::string(text));
  const std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.misses;
  const auto it = index_.find(text);
  if (it != index_.end()) return *it->second;
  lru_.push_front(parsed);
  index_.emplace(std::string_view(parsed->text()), lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(std::string_view(lru_.back()->text()));
    lru_.pop_back();
    ++stats_.evictions;
  }
  return parsed;
}

ParseCache::Stats ParseCache::stats() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  Stats s = stats_;
  s.size = lru_.size();
  return s;
}

void ParseCache::reserve(std::size_t entries) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (entries > capacity_) capacity_ = entries;
}

void ParseCache::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  index_.clear();
  lru_.clear();
}

}  // namespace whalesafe::shell
