// server/registry/docker_config.cpp: credentials from Docker's config.json.
#include "registry/docker_config.h"

#include <catch2/catch.hpp>
#include <string>

namespace registry = whalesafe::registry;

TEST_CASE("auths keys are matched by host[:port], Docker Hub by any of its names") {
  std::string warning;
  // "YWxpY2U6czNjcjp0" is base64 "alice:s3cr:t" (a ':' in the password is kept).
  const registry::DockerConfig config = registry::DockerConfig::parse(R"({
    "auths": {
      "https://index.docker.io/v1/": {"auth": "YWxpY2U6czNjcjp0"},
      "localhost:5000": {"username": "bob", "password": "pw"},
      "HTTPS://Ghcr.IO": {"auth": "Ym9iOnRva2Vu"},
      "helper-only.example": {}
    },
    "credHelpers": {"gcr.io": "gcloud"},
    "credsStore": "desktop"
  })",
                                                                      &warning);
  CHECK(warning.empty());
  const auto hub = config.find("docker.io");
  REQUIRE(hub.has_value());
  CHECK(hub->username == "alice");
  CHECK(hub->password == "s3cr:t");
  CHECK(config.find("registry-1.docker.io").has_value());
  const auto local = config.find("localhost:5000");
  REQUIRE(local.has_value());
  CHECK(local->username == "bob");
  CHECK_FALSE(config.find("localhost:5001").has_value());
  const auto ghcr = config.find("ghcr.io");
  REQUIRE(ghcr.has_value());
  CHECK(ghcr->password == "token");
  CHECK_FALSE(config.find("helper-only.example").has_value());
  CHECK(config.helper_for("gcr.io") == "gcloud");
  CHECK(config.helper_for("quay.io") == "desktop");
}

TEST_CASE("broken configurations give no credentials and a warning") {
  std::string warning;
  registry::DockerConfig config = registry::DockerConfig::parse("{not json", &warning);
  CHECK_FALSE(config.find("docker.io").has_value());
  CHECK(warning.find("not a JSON object") != std::string::npos);
  warning.clear();
  config = registry::DockerConfig::parse(R"({"auths": {"h.io": {"auth": "!!!"}}})", &warning);
  CHECK_FALSE(config.find("h.io").has_value());
  CHECK(warning.find("not base64 user:password") != std::string::npos);
}

TEST_CASE("normalize_registry_key") {
  CHECK(registry::normalize_registry_key("https://index.docker.io/v1/") == "docker.io");
  CHECK(registry::normalize_registry_key("http://127.0.0.1:5000/v2/") == "127.0.0.1:5000");
  CHECK(registry::normalize_registry_key("Quay.io") == "quay.io");
}
