// The registry HTTP API v2 (the OCI distribution spec) as far as resolving a tag needs it:
// HEAD /v2/<repository>/manifests/<tag>, accepting OCI indexes, Docker manifest lists and
// single OCI / Docker v2 manifests, so a multi-platform tag resolves to its index digest (the
// one `docker pull` and BuildKit pin). The digest is the Docker-Content-Digest header; when a
// registry does not send it on HEAD, the manifest is fetched and hashed, and a header sent
// with the body must match the hash.
//
// Authentication, on a 401: a Bearer challenge gets a token from its realm (anonymous, or
// with the registry's credentials from Docker's config.json), a Basic challenge gets those
// credentials; then the request is retried once. Tokens are kept in memory per repository
// until they expire.
//
// Transport: https://; loopback registries and those listed as insecure are tried over
// https:// first and over plain http:// when the TLS handshake fails (Docker's rule), and
// the answer is remembered per registry. Proxies and the deadline are the HttpClient's.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "net/http_client.h"
#include "registry/docker_config.h"
#include "registry/reference.h"

namespace whalesafe::registry {

struct ManifestDigest {
  std::string digest;      // "sha256:..."
  std::string media_type;  // the manifest's Content-Type, when the registry sent it
};

// The Accept header of manifest requests: indexes and lists first.
extern const char* const kManifestAccept;

class RegistryClient {
 public:
  // `http.deadline` is ignored: each resolve() sets its own. `config_path` is only named in
  // messages about missing credentials.
  RegistryClient(net::HttpOptions http, DockerConfig credentials,
                 std::filesystem::path config_path);

  // The digest `reference`'s tag points to now. Throws ResolveError (its message does not
  // repeat the reference: the caller adds it). Not thread-safe.
  ManifestDigest resolve(const Reference& reference,
                         std::chrono::steady_clock::time_point deadline);

 private:
  net::HttpResponse send(std::string_view method, const Reference& reference);
  void authenticate(const Reference& reference, const net::HttpResponse& challenge);
  std::string token_key(const Reference& reference) const;

  net::HttpClient http_;
  DockerConfig credentials_;
  std::filesystem::path config_path_;
  std::map<std::string, std::string> schemes_;  // api authority -> "https" or "http"
  struct Authorization {
    std::string header;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, Authorization> authorizations_;  // by token_key()
};

}  // namespace whalesafe::registry
