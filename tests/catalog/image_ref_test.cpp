// Image references: which official image a FROM name denotes.
#include "catalog/image_ref.h"

#include <catch2/catch.hpp>

using whalesafe::catalog::official_image_name;
using whalesafe::catalog::split_reference;

TEST_CASE("official image spellings", "[catalog][ref]") {
  CHECK(official_image_name("python") == "python");
  CHECK(official_image_name("library/python") == "python");
  CHECK(official_image_name("docker.io/python") == "python");
  CHECK(official_image_name("docker.io/library/python") == "python");
  CHECK(official_image_name("index.docker.io/library/python") == "python");
  CHECK(official_image_name("registry-1.docker.io/library/rocket.chat") == "rocket.chat");
}

TEST_CASE("names that are not official images", "[catalog][ref]") {
  CHECK_FALSE(official_image_name("bitnami/python"));
  CHECK_FALSE(official_image_name("docker.io/bitnami/python"));
  CHECK_FALSE(official_image_name("ghcr.io/library/python"));
  CHECK_FALSE(official_image_name("mcr.microsoft.com/dotnet/sdk"));
  CHECK_FALSE(official_image_name("localhost:5000/python"));
  CHECK_FALSE(official_image_name("Python"));
  CHECK_FALSE(official_image_name("python:3.12"));  // split the tag off first
  CHECK_FALSE(official_image_name("${BASE}"));
  CHECK_FALSE(official_image_name(""));
}

TEST_CASE("splitting references", "[catalog][ref]") {
  const auto full = split_reference("docker.io/library/python:3.12-slim@sha256:abcd");
  CHECK(full.name == "docker.io/library/python");
  CHECK(full.tag == "3.12-slim");
  CHECK(full.digest == "sha256:abcd");
  CHECK(full.effective_tag() == "3.12-slim");

  const auto bare = split_reference("python");
  CHECK(bare.tag.empty());
  CHECK(bare.effective_tag() == "latest");

  // A digest-only reference names no tag: the digest decides.
  const auto digest = split_reference("python@sha256:abcd");
  CHECK(digest.name == "python");
  CHECK(digest.effective_tag().empty());

  // A registry port is not a tag.
  const auto port = split_reference("localhost:5000/app");
  CHECK(port.name == "localhost:5000/app");
  CHECK(port.tag.empty());

  const auto arg = split_reference("python:${PY_VERSION}-slim");
  CHECK(arg.has_variable);
  CHECK(arg.tag == "${PY_VERSION}-slim");
}
