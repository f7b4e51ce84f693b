#include "registry/digest_lookup.h"

namespace whalesafe::registry {

DigestPinner::DigestPinner(ResolverOptions options) : resolver_(std::move(options)) {}

std::optional<std::string> DigestPinner::lookup(std::string_view reference) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = answers_.find(reference); found != answers_.end()) return found->second;
  std::optional<std::string> digest;
  if (resolver_.options().offline) {
    // Cache only, never the network (Resolver::cached reads the disk alone).
    if (const std::optional<Resolution> cached = resolver_.cached(reference)) {
      digest = cached->digest;
    }
  } else {
    const Resolution resolution = resolver_.resolve(reference);
    if (resolution.ok()) {
      digest = resolution.digest;
    } else {
      failures_.push_back(resolution.error);
    }
  }
  answers_.emplace(std::string(reference), digest);
  return digest;
}

std::vector<std::string> DigestPinner::failures() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return failures_;
}

rules::DigestLookup digest_lookup(std::shared_ptr<DigestPinner> pinner) {
  return [pinner = std::move(pinner)](std::string_view reference) {
    return pinner->lookup(reference);
  };
}

}  // namespace whalesafe::registry
