// The pin-slim-tag rewrite (analysis/rewrites/pin_slim_tag.cpp, pin_choice.cpp): which tag it
// chooses from the catalog, how it edits FROM lines and ARG defaults, digests from the
// settings' lookup, and that its fixes compose across the four base-image rules, keep CRLF
// and are idempotent. End of life is judged on 2026-11-23 (the catalog's snapshot is of
// 2026-08-21), so the expectations do not age.
#include <catch2/catch.hpp>
#include <string>

#include "fixes/fix_engine.h"
#include "rewrites/pin_choice.h"
#include "rewrites/rewrite.h"
#include "rules/registry.h"
#include "rules/rule_context.h"
#include "rules/runner.h"
#include "support.h"
#include "syntax/document.h"

namespace {

using whalesafe::catalog::Date;
using whalesafe::rewrites::choose_pin;
using whalesafe::rewrites::PinRequest;
namespace rules = whalesafe::rules;
namespace fixes = whalesafe::fixes;

constexpr Date kDay{2026, 11, 23};

std::string pin(std::string image, std::string tag, bool small) {
  const auto plan = choose_pin(
      PinRequest{.image = std::move(image), .tag = std::move(tag), .small = small, .day = kDay});
  return plan.choice ? plan.choice->tag : "none: " + plan.why_not;
}

rules::RuleSelection pin_rules() {
  std::vector<const rules::Rule*> chosen;
  for (const char* slug : {"base-image-untagged", "base-image-latest", "base-image-not-slim",
                           "base-image-eol", "base-image-digest-unpinned"}) {
    chosen.push_back(rules::find_rule(slug));
  }
  return rules::RuleSelection::only(chosen);
}

rules::RuleSettings settings(bool digests) {
  rules::RuleSettings s;
  s.eol_date = kDay;
  if (digests) s.digest_lookup = whalesafe::testing::fake_digest;
  return s;
}

std::string fix(const std::string& text, bool digests = false) {
  const fixes::FixOutcome out = fixes::fix_text(text, pin_rules(), settings(digests),
                                                fixes::FixOptions{.include_unsafe = true});
  REQUIRE(out.converged);
  REQUIRE(out.rejected == 0);
  // Idempotent: fixing the result changes nothing.
  const fixes::FixOutcome again = fixes::fix_text(out.text, pin_rules(), settings(digests),
                                                  fixes::FixOptions{.include_unsafe = true});
  CHECK(again.text == out.text);
  CHECK(again.applied.empty());
  return out.text;
}

// The findings of one rule on `text`.
std::vector<whalesafe::findings::Diagnostic> check(const std::string& text, const char* slug) {
  const whalesafe::syntax::Document doc(text);
  return rules::check_document(doc, rules::RuleSelection::only({rules::find_rule(slug)}),
                               settings(false));
}

}  // namespace

TEST_CASE("pin-slim-tag chooses the exact version of a supported release", "[pin-slim-tag]") {
  // latest / untagged: what latest points to; in the final image its slim form.
  CHECK(pin("node", "latest", false) == "26.7.0-trixie");
  CHECK(pin("node", "latest", true) == "26.7.0-trixie-slim");
  CHECK(pin("python", "latest", true) == "3.14.7-slim-trixie");
  // A supported line, pinned; slim only where the stage ships.
  CHECK(pin("python", "3.12", false) == "3.12.14-trixie");
  CHECK(pin("python", "3.12", true) == "3.12.14-slim-trixie");
  CHECK(pin("node", "22-bookworm", true) == "22.23.2-bookworm-slim");
  // End of life: the nearest supported release with the same variant words.
  CHECK(pin("node", "20", false) == "22.23.2-bookworm");
  CHECK(pin("python", "3.7", true) == "3.11.16-slim-trixie");
  CHECK(pin("node", "16-alpine", false) == "22.23.2-alpine3.24");
  // A base system past its end: the image's default one (an Alpine release: the moving one).
  CHECK(pin("python", "3.11-buster", false) == "3.11.16-trixie");
  CHECK(pin("golang", "1.27-alpine3.20", false) == "1.27.0-alpine3.24");
  CHECK(pin("debian", "buster-slim", false) == "trixie-20260803-slim");
  CHECK(pin("ubuntu", "18.04", false) == "jammy-20260810");
  // The small form: no slim golang, so Alpine; a JDK's small form is its JRE.
  CHECK(pin("golang", "1.27", true) == "1.27.0-alpine3.24");
  CHECK(pin("eclipse-temurin", "21", true) == "21.0.12_8-jre-resolute");
  CHECK(pin("eclipse-temurin", "21-jdk-noble", true) == "21.0.12_8-jre-noble");
  CHECK(pin("eclipse-temurin", "21", false) == "21.0.12_8-jdk-resolute");
  // Already small or Alpine: only pinned.
  CHECK(pin("node", "24-alpine", true) == "24.19.0-alpine3.24");
  // Nothing to offer.
  CHECK(pin("centos", "7", true).starts_with("none: the image catalog does not know"));
  CHECK(pin("mongo", "latest", true).starts_with("none: 'mongo' has no 'latest' tag"));
  CHECK(pin("openjdk", "11", true).starts_with("none: the image catalog knows no maintained"));
}

TEST_CASE("pin-slim-tag keeps the text around an ARG in the tag", "[pin-slim-tag]") {
  const auto plan = choose_pin(PinRequest{
      .image = "node", .tag = "16-alpine", .small = true, .day = kDay, .suffix = "-alpine"});
  REQUIRE(plan.choice);
  CHECK(plan.choice->tag == "22.23.2-alpine");
}

TEST_CASE("pin-slim-tag rewrites FROM lines, keeping names, flags and stages", "[pin-slim-tag]") {
  CHECK(fix("FROM node AS build\nFROM --platform=$BUILDPLATFORM python:3.7 AS final\n") ==
        "FROM node:26.7.0-trixie AS build\n"
        "FROM --platform=$BUILDPLATFORM python:3.11.16-slim-trixie AS final\n");
  CHECK(fix("FROM docker.io/library/golang:latest\n") ==
        "FROM docker.io/library/golang:1.27.0-alpine3.24\n");
  CHECK(fix("FROM eclipse-temurin:21 AS jdk\nFROM jdk\n") ==
        "FROM eclipse-temurin:21.0.12_8-jre-resolute AS jdk\nFROM jdk\n");
  // CRLF, a comment and a missing final newline stay as they are.
  CHECK(fix("# app\r\nFROM node:20\r\nCMD [\"node\"]") ==
        "# app\r\nFROM node:22.23.2-bookworm-slim\r\nCMD [\"node\"]");
}

TEST_CASE("pin-slim-tag moves a stage to Alpine only when it runs nothing Alpine lacks",
          "[pin-slim-tag]") {
  // golang has no slim variant, so its small form is Alpine: fine for a stage that only builds.
  CHECK(fix("FROM golang:1.27\nRUN go build -o /app .\n") ==
        "FROM golang:1.27.0-alpine3.24\nRUN go build -o /app .\n");
  // apt-get, the shadow suite, bash: the stage keeps a Debian build. A supported release is
  // then left as it is; an ended one still moves to a supported release.
  for (const char* run :
       {"RUN apt-get update && apt-get install -y git\n", "RUN useradd --system app\n",
        "RUN bash -c 'go build'\n", "SHELL [\"/bin/bash\", \"-c\"]\nRUN go build\n"}) {
    INFO(run);
    CHECK(fix(std::string("FROM golang:1.27\n") + run) == std::string("FROM golang:1.27\n") + run);
    const std::string upgraded = fix(std::string("FROM golang:1.22\n") + run);
    CHECK(upgraded.find("alpine") == std::string::npos);
    CHECK(upgraded.starts_with("FROM golang:1.2"));
    CHECK_FALSE(upgraded.starts_with("FROM golang:1.22\n"));
  }
  // A stage built on it counts too.
  CHECK(fix("FROM golang:1.27 AS base\nFROM base\nRUN apt-get install -y git\n").find("alpine") ==
        std::string::npos);
  // Nor does base-image-not-slim ask for it: moving is not a change of tag there.
  CHECK(check("FROM golang:1.27\nRUN apt-get install -y git\n", "base-image-not-slim").empty());
  CHECK(check("FROM golang:1.27\nRUN go build\n", "base-image-not-slim").size() == 1);
}

TEST_CASE("pin-slim-tag edits the ARG default a FROM is built from", "[pin-slim-tag]") {
  CHECK(fix("ARG NODE_VERSION=16\nFROM node:${NODE_VERSION}\n") ==
        "ARG NODE_VERSION=22.23.2-bookworm-slim\nFROM node:${NODE_VERSION}\n");
  CHECK(fix("ARG V=\"16\"\nFROM node:$V-alpine\n") == "ARG V=\"22.23.2\"\nFROM node:$V-alpine\n");
  CHECK(fix("ARG BASE=python\nFROM ${BASE}\n") ==
        "ARG BASE=python:3.14.7-slim-trixie\nFROM ${BASE}\n");
  // The name from a variable, the tag literal: the tag is edited.
  CHECK(fix("ARG REGISTRY=docker.io\nFROM ${REGISTRY}/library/node:20\n") ==
        "ARG REGISTRY=docker.io\nFROM ${REGISTRY}/library/node:22.23.2-bookworm-slim\n");
  // An ARG that another FROM also uses is left alone (its new value would change that one).
  const std::string shared = "ARG V=20\nFROM node:${V} AS build\nFROM node:${V}-slim\n";
  CHECK(fix(shared) == shared);
}

TEST_CASE("pin-slim-tag pins by digest when the lookup knows one", "[pin-slim-tag]") {
  const std::string digest = *whalesafe::testing::fake_digest("node:26.7.0-trixie-slim");
  CHECK(fix("FROM node\n", true) == "FROM node:26.7.0-trixie-slim@" + digest + "\n");
  // Not an official image: the digest alone (base-image-digest-unpinned offers it).
  const std::string other = *whalesafe::testing::fake_digest("ghcr.io/acme/tool:1.4");
  CHECK(fix("FROM ghcr.io/acme/tool:1.4\n", true) == "FROM ghcr.io/acme/tool:1.4@" + other + "\n");
  // No digest known: nothing for base-image-digest-unpinned to offer.
  CHECK(fix("FROM ghcr.io/acme/unknown:1.4\n", true) == "FROM ghcr.io/acme/unknown:1.4\n");
  // An ended release pinned by digest moves on, with the new release's digest.
  const std::string next = *whalesafe::testing::fake_digest("node:22.23.2-bookworm-slim");
  CHECK(
      fix("FROM node:20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
          true) == "FROM node:22.23.2-bookworm-slim@" + next + "\n");
}

TEST_CASE("plan_rewrite finds the FROM at an offset, or says why not", "[pin-slim-tag]") {
  const whalesafe::syntax::Document doc("FROM python:3.12\nRUN true\nFROM scratch\n");
  const rules::RuleSettings s = settings(false);
  const rules::RuleContext ctx(doc, s);
  using whalesafe::rewrites::RewriteKind;
  const auto on_from = whalesafe::rewrites::plan_rewrite(RewriteKind::kPinSlimTag, ctx, 8);
  REQUIRE(on_from.fix);
  CHECK(on_from.fix->applicability == whalesafe::findings::Applicability::kUnsafe);
  REQUIRE(on_from.fix->edits.size() == 1);
  CHECK(on_from.fix->edits[0].new_text == "3.12.14-trixie");
  const auto on_run = whalesafe::rewrites::plan_rewrite(RewriteKind::kPinSlimTag, ctx, 20);
  CHECK_FALSE(on_run.fix);
  CHECK(on_run.why_not == "not on a FROM instruction");
  const auto on_scratch = whalesafe::rewrites::plan_rewrite(RewriteKind::kPinSlimTag, ctx, 30);
  CHECK(on_scratch.why_not == "this FROM does not name an image");
}
