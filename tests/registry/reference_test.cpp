// server/registry/reference.cpp: which registry and repository a reference names, and the
// manifest URL asked for.
#include "registry/reference.h"

#include <catch2/catch.hpp>
#include <string>

namespace registry = whalesafe::registry;

namespace {

registry::Reference parse(const std::string& text) {
  std::string error;
  const auto reference = registry::parse_reference(text, &error);
  INFO(text << ": " << error);
  REQUIRE(reference.has_value());
  return *reference;
}

std::string error_of(const std::string& text) {
  std::string error;
  const auto reference = registry::parse_reference(text, &error);
  return reference ? "(parsed)" : error;
}

std::string url_of(const std::string& text, const std::string& scheme = "https") {
  return registry::manifest_url(parse(text), scheme).to_string();
}

}  // namespace

TEST_CASE("Docker Hub: official images get library/, every alias is docker.io") {
  for (const char* text : {"python", "python:latest", "library/python", "docker.io/python",
                           "docker.io/library/python:latest", "index.docker.io/library/python",
                           "registry-1.docker.io/library/python"}) {
    const registry::Reference r = parse(text);
    CHECK(r.registry == "docker.io");
    CHECK(r.repository == "library/python");
    CHECK(r.tag == "latest");
    CHECK(r.canonical() == "docker.io/library/python:latest");
    CHECK(r.api_authority() == "registry-1.docker.io");
  }
  CHECK(url_of("python:3.12-slim") ==
        "https://registry-1.docker.io/v2/library/python/manifests/3.12-slim");
  CHECK(url_of("bitnami/redis:7.2") ==
        "https://registry-1.docker.io/v2/bitnami/redis/manifests/7.2");
  CHECK(parse("bitnami/redis").repository == "bitnami/redis");
}

TEST_CASE("a first component with '.', ':', localhost or upper case is a registry") {
  CHECK(url_of("ghcr.io/org/app:1.0") == "https://ghcr.io/v2/org/app/manifests/1.0");
  CHECK(url_of("localhost:5000/app:dev", "http") == "http://localhost:5000/v2/app/manifests/dev");
  CHECK(url_of("localhost/app") == "https://localhost/v2/app/manifests/latest");
  CHECK(url_of("127.0.0.1:5000/a/b/c:x") == "https://127.0.0.1:5000/v2/a/b/c/manifests/x");
  CHECK(url_of("[::1]:5000/app:1") == "https://[::1]:5000/v2/app/manifests/1");
  const registry::Reference upper = parse("MyRegistry/app");
  CHECK(upper.registry == "myregistry");
  CHECK(upper.repository == "app");  // no library/ outside Docker Hub
  CHECK(parse("mcr.microsoft.com/dotnet/sdk:8.0").repository == "dotnet/sdk");
}

TEST_CASE("tags, digests and both") {
  const std::string digest =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  registry::Reference r = parse("python@" + digest);
  CHECK(r.tag.empty());
  CHECK(r.digest == digest);
  CHECK(url_of("python@" + digest) ==
        "https://registry-1.docker.io/v2/library/python/manifests/" + digest);
  r = parse("python:3.12@" + digest);  // the digest decides, as in docker pull
  CHECK(r.tag.empty());
  CHECK(r.digest == digest);
  CHECK(parse("localhost:5000/app").tag == "latest");
}

TEST_CASE("invalid references are refused with a reason") {
  CHECK(error_of("") == "not a valid image reference: it is empty");
  CHECK(error_of("python:$VERSION").find("unsubstituted variable") != std::string::npos);
  CHECK(error_of("Python").find("bad repository name") != std::string::npos);
  CHECK(error_of("ghcr.io/Org/app").find("bad repository name") != std::string::npos);
  CHECK(error_of("a//b").find("bad repository name") != std::string::npos);
  CHECK(error_of("-app").find("bad repository name") != std::string::npos);
  CHECK(error_of("app:-x").find("bad tag") != std::string::npos);
  CHECK(error_of("app:" + std::string(129, 'a')).find("bad tag") != std::string::npos);
  CHECK(error_of("app@sha256:abc").find("bad digest") != std::string::npos);
  CHECK(error_of("ghcr.io/").find("no repository") != std::string::npos);
  CHECK(error_of("bad_host.io:port/app").find("bad registry host") != std::string::npos);
  CHECK(error_of("my-app_1.x__y---z") == "(parsed)");
}

TEST_CASE("digests: sha256 and sha512 lengths, lower-case hex") {
  CHECK(registry::is_valid_digest("sha256:" + std::string(64, 'a')));
  CHECK_FALSE(registry::is_valid_digest("sha256:" + std::string(63, 'a')));
  CHECK_FALSE(registry::is_valid_digest("sha256:" + std::string(64, 'A')));
  CHECK(registry::is_valid_digest("sha512:" + std::string(128, '0')));
  CHECK_FALSE(registry::is_valid_digest(std::string(64, 'a')));
  CHECK_FALSE(registry::is_valid_digest(":abc"));
}
