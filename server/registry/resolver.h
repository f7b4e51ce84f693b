// Tag -> digest resolution for `whalesafe resolve`, `--fix` (pinning FROM lines by digest) and
// the language server: parse the reference, answer from the on-disk cache when the entry is
// fresh (or whatever its age in offline mode), else ask the registry (registry_client.h) and
// remember the answer. Every failure is a Resolution with an error naming the reference, never
// an exception.
//
// Resolver is blocking and not thread-safe (one per thread); AsyncResolver (async_resolver.h)
// runs one on a background thread for callers that must not block.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/proxy.h"
#include "registry/resolve_error.h"

namespace whalesafe::registry {

struct ResolverOptions {
  // Budget for one reference, every step included (DNS, connect, TLS, token, manifest).
  std::chrono::milliseconds timeout{std::chrono::seconds(15)};
  bool offline = false;  // cache only: no network at all
  bool refresh = false;  // ignore fresh cache entries (the answer is still stored)
  // How long a cached tag -> digest answer is used without asking again.
  std::chrono::seconds tag_ttl{std::chrono::hours(24)};
  // The cache directory ($XDG_CACHE_HOME/whalesafe/registry); nullopt: no disk cache.
  std::optional<std::filesystem::path> cache_dir;
  // Docker's config.json for credentials; nullopt: anonymous only.
  std::optional<std::filesystem::path> docker_config;
  net::ProxyConfig proxy;
  // host or host:port of registries that may be used over plain http:// (loopback always may).
  std::vector<std::string> insecure_registries;
  std::string user_agent = "whalesafe";

  // Defaults plus what the environment says: the user cache directory, Docker's config path
  // ($DOCKER_CONFIG, ~/.docker), HTTP(S)_PROXY and NO_PROXY. Unusable settings are described
  // in `warnings`.
  static ResolverOptions from_environment(std::vector<std::string>* warnings = nullptr);
};

struct Resolution {
  enum class Source {
    reference,  // the reference already had a digest
    cache,      // the on-disk cache
    registry,   // asked the registry
  };

  std::string reference;   // as given
  std::string digest;      // "sha256:..." when resolved
  std::string media_type;  // of the manifest the digest names, when known
  Source source = Source::registry;
  std::optional<std::chrono::system_clock::time_point> resolved_at;  // when the registry said so
  std::optional<ErrorKind> error_kind;                               // set on failure
  std::string error;  // "<reference>: <why>" on failure

  bool ok() const { return !error_kind.has_value(); }
  // The reference pinned: "python:3.12-slim@sha256:..." (unchanged when it had a digest).
  std::string pinned() const;
};

class RegistryClient;
class DigestCache;

class Resolver {
 public:
  explicit Resolver(ResolverOptions options);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Resolution resolve(std::string_view reference);

  // The cached answer for `reference` whatever its age, without any network (what a language
  // server can show at once while a fresh answer is on its way). nullopt when not cached.
  std::optional<Resolution> cached(std::string_view reference) const;

  const ResolverOptions& options() const { return options_; }

 private:
  ResolverOptions options_;
  std::vector<std::string> warnings_;  // config problems, reported with the first failure
  std::unique_ptr<DigestCache> cache_;
  std::unique_ptr<RegistryClient> client_;  // created on first network use
};

}  // namespace whalesafe::registry
