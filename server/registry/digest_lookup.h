// The digest lookup the analysis layer's pin-slim-tag rewrite asks (rules::DigestLookup),
// backed by the resolver: either cache only (the default of `--fix --unsafe-fixes`, and what
// the language server must use: it never waits on the network), or the registry itself
// (`--fix --unsafe-fixes --pin-digests`), one reference at a time within the resolver's
// timeout. Answers (and failures) are remembered for the lifetime of the lookup, so the fix
// rounds and the final check ask the registry at most once per reference.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/resolver.h"
#include "rules/settings.h"

namespace whalesafe::registry {

class DigestPinner {
 public:
  // `options.offline` decides: true answers from the on-disk cache only (whatever the age of
  // its entries), false asks the registry when the cache has no fresh answer.
  explicit DigestPinner(ResolverOptions options);

  // The digest `reference` points to, or nullopt (not cached, or the registry failed: see
  // failures()). Thread-safe; lookups are serialised.
  std::optional<std::string> lookup(std::string_view reference);

  // The failures of online lookups, one message per reference ("<ref>: <why>"), in order.
  std::vector<std::string> failures() const;

 private:
  mutable std::mutex mutex_;
  Resolver resolver_;
  std::map<std::string, std::optional<std::string>, std::less<>> answers_;
  std::vector<std::string> failures_;
};

// A rules::DigestLookup that asks `pinner` (which it keeps alive).
rules::DigestLookup digest_lookup(std::shared_ptr<DigestPinner> pinner);

}  // namespace whalesafe::registry
