#include "registry/resolver.h"

#include <fmt/format.h>

#include "fs/cache_dir.h"
#include "registry/digest_cache.h"
#include "registry/docker_config.h"
#include "registry/reference.h"
#include "registry/registry_client.h"

namespace whalesafe::registry {
namespace {

Resolution failure(std::string_view reference, ErrorKind kind, const std::string& why) {
  Resolution out;
  out.reference = std::string(reference);
  out.error_kind = kind;
  out.error = std::string(reference) + ": " + why;
  return out;
}

Resolution from_cache(const Reference& reference, const CachedDigest& entry) {
  Resolution out;
  out.reference = reference.written;
  out.digest = entry.digest;
  out.media_type = entry.media_type;
  out.source = Resolution::Source::cache;
  out.resolved_at = entry.resolved_at;
  return out;
}

}  // namespace

ResolverOptions ResolverOptions::from_environment(std::vector<std::string>* warnings) {
  ResolverOptions options;
  if (std::optional<std::filesystem::path> dir = fs::user_cache_dir()) {
    options.cache_dir = *dir / "registry";
  }
  options.docker_config = DockerConfig::default_path();
  options.proxy = net::proxy_config_from_env(warnings);
  return options;
}

std::string Resolution::pinned() const {
  if (digest.empty()) return reference;
  if (reference.find('@') != std::string::npos) return reference;
  return reference + "@" + digest;
}

Resolver::Resolver(ResolverOptions options) : options_(std::move(options)) {
  if (options_.cache_dir) cache_ = std::make_unique<DigestCache>(*options_.cache_dir);
}

Resolver::~Resolver() = default;

std::optional<Resolution> Resolver::cached(std::string_view text) const {
  const std::optional<Reference> reference = parse_reference(text, nullptr);
  if (!reference || !cache_) return std::nullopt;
  const std::optional<CachedDigest> entry = cache_->lookup(reference->canonical());
  if (!entry) return std::nullopt;
  return from_cache(*reference, *entry);
}

Resolution Resolver::resolve(std::string_view text) {
  std::string error;
  const std::optional<Reference> reference = parse_reference(text, &error);
  if (!reference) return failure(text, ErrorKind::invalid_reference, error);
  if (!reference->digest.empty()) {
    Resolution out;
    out.reference = reference->written;
    out.digest = reference->digest;
    out.source = Resolution::Source::reference;
    return out;
  }

  const std::string key = reference->canonical();
  const std::optional<CachedDigest> entry = cache_ ? cache_->lookup(key) : std::nullopt;
  const auto now = std::chrono::system_clock::now();
  if (entry &&
      (options_.offline || (!options_.refresh && is_fresh(*entry, options_.tag_ttl, now)))) {
    return from_cache(*reference, *entry);
  }
  if (options_.offline) {
    return failure(text, ErrorKind::not_cached,
                   "not in the cache" +
                       (cache_ ? " (" + cache_->dir().string() + ")" : std::string()) +
                       ", and offline mode does not ask the registry");
  }

  if (!client_) {
    std::string warning;
    DockerConfig config;
    if (options_.docker_config) config = DockerConfig::load(*options_.docker_config, &warning);
    if (!warning.empty()) warnings_.push_back(warning);
    net::HttpOptions http;
    http.user_agent = options_.user_agent;
    http.proxy = options_.proxy;
    http.insecure_hosts = options_.insecure_registries;
    http.body_limit = 4u * 1024u * 1024u;  // manifests are small; the spec suggests 4 MiB
    client_ = std::make_unique<RegistryClient>(std::move(http), std::move(config),
                                               options_.docker_config.value_or(""));
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  try {
    const ManifestDigest found = client_->resolve(*reference, deadline);
    Resolution out;
    out.reference = reference->written;
    out.digest = found.digest;
    out.media_type = found.media_type;
    out.source = Resolution::Source::registry;
    out.resolved_at = now;
    if (cache_) {
      // A cache that cannot be written costs later runs a request; the answer stands.
      (void)cache_->store(key, CachedDigest{found.digest, found.media_type, now});
    }
    return out;
  } catch (const ResolveError& e) {
    std::string why = e.what();
    if (e.kind() == ErrorKind::timeout) {
      why = fmt::format("no answer from {} within {:g} s ({})", reference->api_authority(),
                        std::chrono::duration<double>(options_.timeout).count(), why);
    } else if (e.kind() == ErrorKind::unauthorized && !warnings_.empty()) {
      why += " [" + warnings_.front() + "]";
    }
    return failure(text, e.kind(), why);
  }
}

}  // namespace whalesafe::registry
