// The resolver's on-disk cache: which digest a tag pointed to, and when that was asked.
// $XDG_CACHE_HOME/whalesafe/registry/tags/<sha256 of the canonical reference>.json, one small
// JSON file per reference ({"reference", "digest", "media_type", "resolved_at"}), each
// replaced atomically, so the CLI and a language server can share the cache without locks.
//
// A tag moves (python:3.12 gets rebuilt), so an entry is fresh only for a TTL; offline mode
// uses it whatever its age. A digest never changes what it names: references written with one
// are not looked up at all.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace whalesafe::registry {

struct CachedDigest {
  std::string digest;      // "sha256:..."
  std::string media_type;  // the manifest's (index, list or single manifest); may be ""
  std::chrono::system_clock::time_point resolved_at;
};

class DigestCache {
 public:
  explicit DigestCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The entry for `canonical` (Reference::canonical()), or nullopt when there is none or it
  // does not read back as one (a damaged file is a miss, and the next store replaces it).
  std::optional<CachedDigest> lookup(const std::string& canonical) const;

  // Writes the entry; returns an error message, or "".
  std::string store(const std::string& canonical, const CachedDigest& entry) const;

  std::filesystem::path entry_path(const std::string& canonical) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// Whether an entry resolved at `resolved_at` may still be used without asking the registry.
// An entry from the future (a clock set back) is not fresh.
bool is_fresh(const CachedDigest& entry, std::chrono::seconds ttl,
              std::chrono::system_clock::time_point now);

}  // namespace whalesafe::registry
