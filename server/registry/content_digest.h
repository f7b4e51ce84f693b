// Content digests ("sha256:<hex>") of manifest bytes, as registries compute them: a manifest's
// digest is the hash of its exact bytes, so the resolver can check the Docker-Content-Digest
// header against the body it received.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::registry {

// "<algorithm>:<lower-case hex>" of `bytes`, for sha256 and sha512; nullopt for others.
std::optional<std::string> content_digest(std::string_view algorithm, std::string_view bytes);

// sha256 (the algorithm registries use unless told otherwise).
std::string sha256_digest(std::string_view bytes);

}  // namespace whalesafe::registry
