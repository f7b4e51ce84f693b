// The package-manager rules together: their fixes compose on one RUN, and the cases a single
// fixture cannot hold (each Dockerfile has one final stage).
#include <catch2/catch.hpp>

#include "rules/registry.h"
#include "rules/runner.h"
#include "support.h"

namespace {

namespace testing = whalesafe::testing;
using whalesafe::rules::find_rule;
using whalesafe::rules::RuleSelection;

std::size_t count(const std::string& text, std::string_view slug) {
  return testing::check_for_rule(text, slug).size();
}

RuleSelection package_rules() {
  return RuleSelection::only({find_rule("apt-no-install-recommends"),
                              find_rule("apt-lists-not-cleaned"), find_rule("apt-missing-yes"),
                              find_rule("apk-no-cache"), find_rule("pip-no-cache-dir"),
                              find_rule("package-cache-not-cleaned")});
}

}  // namespace

TEST_CASE("the package rules' fixes compose on one RUN", "[packages]") {
  const std::string text =
      "FROM python:3.12-slim\n"
      "RUN apt-get update && apt-get install curl && pip install flask==3.0.3\n";
  const auto safe = whalesafe::rules::fix_until_stable(text, package_rules(), {}, false);
  CHECK(safe.converged);
  CHECK(safe.text ==
        "FROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y curl && pip install --no-cache-dir "
        "flask==3.0.3 && rm -rf /var/lib/apt/lists/*\n");
  // Two insertions after `install`: the second waits for the next round, then applies.
  const auto all = whalesafe::rules::fix_until_stable(text, package_rules(), {}, true);
  CHECK(all.converged);
  CHECK(all.fixes_applied == 4);
  CHECK(all.text ==
        "FROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install --no-install-recommends -y curl && pip install "
        "--no-cache-dir flask==3.0.3 && rm -rf /var/lib/apt/lists/*\n");
  const auto after =
      whalesafe::rules::check_document(whalesafe::syntax::Document(all.text), package_rules(), {});
  CHECK(after.empty());
}

TEST_CASE("apk and dnf fixes compose with the cleanup of another tool", "[packages]") {
  const std::string text =
      "FROM alpine:3.20\n"
      "RUN apk add python3 && dnf install -y make\n";
  const auto r = whalesafe::rules::fix_until_stable(text, package_rules(), {}, false);
  CHECK(r.text ==
        "FROM alpine:3.20\n"
        "RUN apk add --no-cache python3 && dnf install -y make && dnf clean all\n");
}

TEST_CASE("build-tools-in-final-stage judges the final stage's base image", "[packages]") {
  const std::string_view slug = "build-tools-in-final-stage";
  CHECK(count("FROM golang:1.22\nRUN go version\n", slug) == 1);
  CHECK(count("FROM docker.io/library/maven:3.9\n", slug) == 1);
  CHECK(count("FROM buildpack-deps:bookworm\n", slug) == 1);
  // The -curl and -scm variants have no compilers; a JRE is not a JDK.
  CHECK(count("FROM buildpack-deps:bookworm-scm\n", slug) == 0);
  CHECK(count("FROM eclipse-temurin:21-jre\n", slug) == 0);
  // A final stage built FROM an SDK stage ships the SDK; one that copies from it does not.
  CHECK(count("FROM rust:1.79 AS build\nFROM build\n", slug) == 1);
  CHECK(count("FROM rust:1.79 AS build\nFROM debian:12-slim\nCOPY --from=build /a /a\n", slug) ==
        0);
  // node is a runtime, unless the final stage builds in it.
  CHECK(count("FROM node:20-slim\nRUN npm ci\nCMD [\"node\", \"app.js\"]\n", slug) == 0);
  CHECK(count("FROM node:20\nRUN npm ci && npm run build\n", slug) == 2);
}

TEST_CASE("the package rules skip PowerShell and exec-form RUNs", "[packages]") {
  CHECK(count("FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install curl\n",
              "apt-missing-yes") == 0);
  CHECK(count("FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl\"]\n", "apt-missing-yes") ==
        0);
  CHECK(count("FROM debian:12\nRUN apt-get install curl\n", "apt-missing-yes") == 1);
}
