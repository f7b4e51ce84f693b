// Image references resolved against a registry: which registry serves the image, under which
// repository name, and which tag or digest is asked for. The split into name, tag and digest
// is catalog::split_reference's (analysis/catalog/image_ref.h); this adds what only the
// registry client needs: Docker's rule for telling a registry host from a namespace, Docker
// Hub's aliases and its `library/` namespace, and the API URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/url.h"

namespace whalesafe::registry {

// How Docker Hub is named in references and in the resolver's cache keys.
inline constexpr std::string_view kDockerHub = "docker.io";
// Where Docker Hub actually serves the registry API.
inline constexpr std::string_view kDockerHubApiHost = "registry-1.docker.io";

struct Reference {
  std::string written;     // the reference as given, e.g. "python:3.12-slim"
  std::string registry;    // "docker.io", "ghcr.io", "localhost:5000" (lower case)
  std::string repository;  // "library/python", "org/app"
  std::string tag;         // the tag asked for ("latest" when none is written); "" with a digest
  std::string digest;      // "sha256:..." when written (then the tag, if any, is ignored)

  bool is_docker_hub() const { return registry == kDockerHub; }
  // registry/repository:tag, the same for every way of writing it (`python`,
  // `docker.io/library/python:latest`): the cache key.
  std::string canonical() const;
  // The host[:port] serving the API: registry-1.docker.io for Docker Hub, else `registry`.
  std::string api_authority() const;
};

// nullopt with `error` set for a reference that is not valid (bad characters, empty parts,
// an unsubstituted `$variable`, a malformed digest).
std::optional<Reference> parse_reference(std::string_view text, std::string* error);

// The manifest URL for `reference`'s tag (or digest): <scheme>://<api host>/v2/<repository>/
// manifests/<tag>.
net::Url manifest_url(const Reference& reference, std::string_view scheme);

// Whether `digest` has the OCI form algorithm:encoded, with 64 lower-case hex digits for
// sha256 and 128 for sha512.
bool is_valid_digest(std::string_view digest);

}  // namespace whalesafe::registry
