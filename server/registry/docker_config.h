// Registry credentials from Docker's client configuration, the file `docker login` writes:
// $DOCKER_CONFIG/config.json, or ~/.docker/config.json. Only the `auths` section is read
// (base64 "user:password" in `auth`, or `username` and `password`); credential helpers
// (`credsStore`, `credHelpers`) are programs whalesafe does not run, so registries that keep
// their secrets there are reached anonymously.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::registry {

struct Credentials {
  std::string username;
  std::string password;
};

class DockerConfig {
 public:
  DockerConfig() = default;

  // $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json; nullopt without either.
  static std::optional<std::filesystem::path> default_path();

  // Reads `path`. A missing file is an empty configuration; an unreadable or malformed one
  // too, with the reason in `warning`.
  static DockerConfig load(const std::filesystem::path& path, std::string* warning);
  // The same from the file's text (tests).
  static DockerConfig parse(std::string_view json_text, std::string* warning);

  // Credentials for `registry` ("docker.io", "ghcr.io", "localhost:5000"). Keys in the file
  // may be written as a host, a URL ("https://index.docker.io/v1/") or with Docker Hub's
  // other names; they are compared by host[:port].
  std::optional<Credentials> find(std::string_view registry) const;

  // The credential helper configured for `registry` (not run; named in error messages), or "".
  std::string helper_for(std::string_view registry) const;

 private:
  std::map<std::string, Credentials> auths_;  // by normalized registry
  std::map<std::string, std::string> helpers_;
  std::string default_helper_;
};

// A key of `auths` reduced to the registry it names: scheme and path dropped, lower case,
// Docker Hub's names (index.docker.io, registry-1.docker.io) mapped to "docker.io".
std::string normalize_registry_key(std::string_view key);

}  // namespace whalesafe::registry
