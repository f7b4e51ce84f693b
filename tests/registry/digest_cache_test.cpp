// server/registry/digest_cache.cpp and content_digest.cpp: entries round-trip, damaged ones
// are misses, the TTL.
#include "registry/digest_cache.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "registry/content_digest.h"

namespace registry = whalesafe::registry;
using namespace std::chrono_literals;

namespace {

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("whalesafe-digest-cache-" + std::to_string(::getpid()));
  TempDir() { std::filesystem::remove_all(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("content digests are the hash of the exact bytes") {
  CHECK(registry::sha256_digest("") ==
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(registry::content_digest("sha512", "abc")->substr(0, 23) == "sha512:ddaf35a193617aba");
  CHECK_FALSE(registry::content_digest("md5", "abc").has_value());
}

TEST_CASE("cache entries round-trip; damaged or mismatched files are misses") {
  TempDir dir;
  const registry::DigestCache cache(dir.path);
  const std::string key = "docker.io/library/python:3.12";
  CHECK_FALSE(cache.lookup(key).has_value());
  const registry::CachedDigest entry{registry::sha256_digest("index"),
                                     "application/vnd.oci.image.index.v1+json",
                                     std::chrono::system_clock::time_point(1700000000s)};
  REQUIRE(cache.store(key, entry).empty());
  const auto found = cache.lookup(key);
  REQUIRE(found.has_value());
  CHECK(found->digest == entry.digest);
  CHECK(found->media_type == entry.media_type);
  CHECK(found->resolved_at == entry.resolved_at);
  CHECK_FALSE(cache.lookup("docker.io/library/python:3.13").has_value());

  // Another reference's entry copied under this name (or a hash collision) is not used.
  std::filesystem::copy_file(cache.entry_path(key), cache.entry_path("other:1"));
  CHECK_FALSE(cache.lookup("other:1").has_value());
  std::ofstream(cache.entry_path(key)) << "{\"reference\": \"" << key << "\", \"digest\": \"x\"";
  CHECK_FALSE(cache.lookup(key).has_value());
  REQUIRE(cache.store(key, entry).empty());  // the next answer replaces it
  CHECK(cache.lookup(key).has_value());
  // No temporary files left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "tags")) {
    CHECK(e.path().extension() == ".json");
    ++files;
  }
  CHECK(files == 2);
}

TEST_CASE("an entry is fresh for the TTL, and never when it is from the future") {
  const auto t = std::chrono::system_clock::time_point(1700000000s);
  const registry::CachedDigest entry{"sha256:x", "", t};
  CHECK(registry::is_fresh(entry, 3600s, t));
  CHECK(registry::is_fresh(entry, 3600s, t + 3599s));
  CHECK_FALSE(registry::is_fresh(entry, 3600s, t + 3600s));
  CHECK_FALSE(registry::is_fresh(entry, 3600s, t - 1s));
}
