// server/registry/www_authenticate.cpp: the challenges registries and token services send.
#include "registry/www_authenticate.h"

#include <catch2/catch.hpp>

using whalesafe::registry::parse_www_authenticate;

TEST_CASE("a Docker Hub Bearer challenge") {
  const auto challenges = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
      R"(scope="repository:library/python:pull")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].param("realm") == "https://auth.docker.io/token");
  CHECK(challenges[0].param("service") == "registry.docker.io");
  CHECK(challenges[0].param("scope") == "repository:library/python:pull");
  CHECK(challenges[0].param("error").empty());
}

TEST_CASE("scheme and parameter names are case-insensitive; spaces are allowed") {
  const auto challenges =
      parse_www_authenticate(R"(BASIC  Realm = "Registry Realm" , Charset="UTF-8")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "basic");
  CHECK(challenges[0].param("realm") == "Registry Realm");
  CHECK(challenges[0].param("charset") == "UTF-8");
}

TEST_CASE("several challenges in one header are told apart") {
  const auto challenges = parse_www_authenticate(
      R"(Bearer realm="https://a/token",scope="repository:x:pull,push", Basic realm="b")");
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].scheme == "bearer");
  // A comma inside a quoted value does not end the parameter.
  CHECK(challenges[0].param("scope") == "repository:x:pull,push");
  CHECK(challenges[1].scheme == "basic");
  CHECK(challenges[1].param("realm") == "b");
}

TEST_CASE("quoted-string escapes and token values") {
  const auto challenges =
      parse_www_authenticate(R"(Bearer realm="a \"quoted\" \\ realm",error=insufficient_scope)");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == R"(a "quoted" \ realm)");
  CHECK(challenges[0].param("error") == "insufficient_scope");
}

TEST_CASE("a challenge without parameters, token68 and garbage do not throw") {
  auto challenges = parse_www_authenticate("Negotiate");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "negotiate");
  CHECK(challenges[0].params.empty());

  challenges = parse_www_authenticate("Negotiate abc123==, Basic realm=\"r\"");
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[1].scheme == "basic");
  CHECK(challenges[1].param("realm") == "r");

  CHECK(parse_www_authenticate("").empty());
  CHECK(parse_www_authenticate(" , ,").empty());
  challenges = parse_www_authenticate(R"(Bearer realm="unterminated)");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == "unterminated");
  CHECK_NOTHROW(parse_www_authenticate("=,=\"\\"));
}
