#include "registry/digest_cache.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fs/atomic_file.h"
#include "registry/content_digest.h"
#include "registry/reference.h"

namespace whalesafe::registry {
namespace {

constexpr std::uintmax_t kMaxEntryBytes = 64 * 1024;

}  // namespace

std::filesystem::path DigestCache::entry_path(const std::string& canonical) const {
  // Hashed: references hold '/' and ':', and a file name has a length limit.
  const std::string hash = sha256_digest(canonical).substr(7);
  return dir_ / "tags" / (hash + ".json");
}

std::optional<CachedDigest> DigestCache::lookup(const std::string& canonical) const {
  const std::filesystem::path path = entry_path(canonical);
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxEntryBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return std::nullopt;
  const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto string_at = [&](const char* key) -> std::optional<std::string> {
    const auto it = json.find(key);
    if (it == json.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const std::optional<std::string> reference = string_at("reference");
  const std::optional<std::string> digest = string_at("digest");
  const auto resolved_at = json.find("resolved_at");
  if (!reference || *reference != canonical || !digest || !is_valid_digest(*digest) ||
      resolved_at == json.end() || !resolved_at->is_number_integer()) {
    return std::nullopt;
  }
  CachedDigest entry;
  entry.digest = *digest;
  entry.media_type = string_at("media_type").value_or("");
  entry.resolved_at =
      std::chrono::system_clock::time_point(std::chrono::seconds(resolved_at->get<long long>()));
  return entry;
}

std::string DigestCache::store(const std::string& canonical, const CachedDigest& entry) const {
  const nlohmann::json json = {
      {"reference", canonical},
      {"digest", entry.digest},
      {"media_type", entry.media_type},
      {"resolved_at",
       std::chrono::duration_cast<std::chrono::seconds>(entry.resolved_at.time_since_epoch())
           .count()},
  };
  return fs::write_atomically(entry_path(canonical), json.dump(2) + "\n");
}

bool is_fresh(const CachedDigest& entry, std::chrono::seconds ttl,
              std::chrono::system_clock::time_point now) {
  return entry.resolved_at <= now && now - entry.resolved_at < ttl;
}

}  // namespace whalesafe::registry
