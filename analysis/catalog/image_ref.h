// Image references as written after FROM: [registry/][namespace/]name[:tag][@digest].
// The catalog only knows Docker Hub's official images (the `library/` namespace), so the
// one question asked here is "which official image, if any, does this name denote?".
// Build arguments must be substituted by the caller first: a reference still holding `$`
// is reported as such and never matches an image.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::catalog {

struct ImageRef {
  std::string name;           // everything before the tag and digest: "docker.io/library/python"
  std::string tag;            // "3.12-slim"; empty when the reference has no tag
  std::string digest;         // "sha256:..."; empty when the reference has no digest
  bool has_variable = false;  // contains `$`: an unsubstituted ARG or ENV reference

  // The tag Docker pulls: the written tag, or "latest" when neither a tag nor a digest is
  // given; empty for a digest-only reference (the digest alone decides).
  std::string effective_tag() const;
};

// Splits at '@' (digest) and at the last ':' after the last '/' (tag; a registry port such
// as `localhost:5000/app` is not a tag).
ImageRef split_reference(std::string_view reference);

// The official image a repository name denotes: "python" for `python`, `library/python`,
// `docker.io/python`, `docker.io/library/python`, `index.docker.io/library/python` and
// `registry-1.docker.io/library/python`. nullopt for other namespaces (`bitnami/python`),
// other registries (`ghcr.io/...`, `mcr.microsoft.com/...`), names with a tag or digest,
// upper-case or otherwise invalid names, and names holding `$`. Whether the image exists is
// a separate question (see catalog.h).
std::optional<std::string> official_image_name(std::string_view name);

}  // namespace whalesafe::catalog
