// The catalog-backed base image rules on cases a single fixture file cannot hold (only one
// stage per file is final), and on settings other than the fixtures' (eol-date, grace days).
#include <catch2/catch.hpp>

#include "rules/runner.h"
#include "support.h"
#include "syntax/document.h"

namespace {

namespace testing = whalesafe::testing;
using whalesafe::catalog::Date;

std::vector<whalesafe::findings::Diagnostic> eol_findings(const std::string& text,
                                                          whalesafe::rules::RuleSettings settings) {
  const whalesafe::syntax::Document doc(text);
  std::vector<whalesafe::findings::Diagnostic> out;
  for (auto& d :
       whalesafe::rules::check_document(doc, whalesafe::rules::RuleSelection::all(), settings)) {
    if (d.rule == "base-image-eol") out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

TEST_CASE("base-image-not-slim proposes the catalog's smaller variant", "[catalog-rules]") {
  struct Case {
    const char* from;
    const char* fixed;  // nullptr: reported without a fix; "": not reported
  };
  const Case cases[] = {
      // The pin-slim-tag rewrite: the most precise tag of the small form.
      {"FROM python:3.12\n", "FROM python:3.12.14-slim-trixie\n"},
      {"FROM docker.io/library/node:22\n", "FROM docker.io/library/node:22.23.2-bookworm-slim\n"},
      {"FROM debian:bookworm\n", "FROM debian:bookworm-20260803-slim\n"},
      // No slim variant: Alpine.
      {"FROM golang:1.27\n", "FROM golang:1.27.0-alpine3.24\n"},
      // Untagged is latest; the fix names the tag.
      {"FROM python\n", "FROM python:3.14.7-slim-trixie\n"},
      // A JDK's small form is its JRE.
      {"FROM eclipse-temurin:21-jdk\n", "FROM eclipse-temurin:21.0.12_8-jre-resolute\n"},
      // The ARG default the tag comes from is rewritten.
      {"ARG V=3.12\nFROM python:${V}\n", "ARG V=3.12.14-slim-trixie\nFROM python:${V}\n"},
      // A digest pins the full image on purpose: no fix.
      {"FROM python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
       "\n",
       nullptr},
      // Already small, no smaller variant, not official, not maintained, left to the build.
      {"FROM python:3.12-slim\n", ""},
      {"FROM python:3.12-alpine\n", ""},
      {"FROM ubuntu:24.04\n", ""},
      {"FROM bitnami/python:3.12\n", ""},
      {"FROM python:3.7\n", ""},
      {"ARG V\nFROM python:${V}\n", ""},
  };
  for (const Case& c : cases) {
    INFO(c.from);
    const auto found = testing::check_for_rule(c.from, "base-image-not-slim");
    if (c.fixed != nullptr && *c.fixed == '\0') {
      CHECK(found.empty());
      continue;
    }
    REQUIRE(found.size() == 1);
    if (c.fixed == nullptr) {
      CHECK_FALSE(found[0].fix.has_value());
    } else {
      REQUIRE(found[0].fix.has_value());
      CHECK(found[0].fix->applicability == whalesafe::findings::Applicability::kUnsafe);
      CHECK(testing::fix_for_rule(c.from, "base-image-not-slim") == c.fixed);
    }
  }
}

TEST_CASE("base-image-eol judges on the configured day, with grace days", "[catalog-rules]") {
  // Node.js 20 reached its end of life on 2026-04-30.
  const std::string text = "FROM node:20-alpine\n";
  whalesafe::rules::RuleSettings s;
  s.eol_date = Date{2026, 4, 29};
  CHECK(eol_findings(text, s).empty());
  s.eol_date = Date{2026, 4, 30};  // the day itself counts
  REQUIRE(eol_findings(text, s).size() == 1);
  CHECK(eol_findings(text, s)[0].message.find("since 2026-04-30") != std::string::npos);
  s.eol_grace_days = 30;
  CHECK(eol_findings(text, s).empty());
  s.eol_date = Date{2026, 5, 30};
  CHECK(eol_findings(text, s).size() == 1);
  // Debian 12 ended regular support on 2026-07-11. A base system the tag does not name is its
  // maintainers' choice (node:22 is on bookworm); a named one is reported, unless the official
  // images still published the tag after that date (Debian LTS).
  s.eol_grace_days = 0;
  s.eol_date = Date{2026, 11, 23};
  CHECK(eol_findings("FROM node:22\n", s).empty());
  CHECK(eol_findings("FROM node:22-bookworm\n", s).empty());
  CHECK(eol_findings("FROM debian:bookworm\n", s).empty());
  CHECK(eol_findings("FROM node:22.1-bookworm\n", s).size() == 1);
  CHECK(eol_findings("FROM debian:12.1\n", s).size() == 1);
  // The smallest maintained upgrade with the same variant words, when there is one.
  const auto alpine = eol_findings("FROM alpine:3.20\n", s);
  REQUIRE(alpine.size() == 1);
  CHECK(alpine[0].message.ends_with("; 'alpine:3.22' is supported"));  // 3.21 ended 2026-11-01
  const auto centos = eol_findings("FROM centos:7\n", s);  // no longer an official image
  REQUIRE(centos.size() == 1);
  CHECK(centos[0].message.find("is supported") == std::string::npos);
}

TEST_CASE("copy-whole-stage-filesystem: squashing is not copying", "[catalog-rules]") {
  const std::string squash =
      "FROM debian:12-slim AS build\nRUN apt-get update\n"
      "FROM scratch\nCOPY --from=build / /\nCOPY --from=build / /\n";
  // The first files of an empty stage: the squash idiom. A second copy adds to it.
  const auto found = testing::check_for_rule(squash, "copy-whole-stage-filesystem");
  REQUIRE(found.size() == 1);
  CHECK(found[0].start_byte == squash.rfind("COPY --from=build / /") + 18);
  // Into a directory, it is a copy of the whole filesystem.
  CHECK(testing::check_for_rule("FROM debian:12-slim AS build\nFROM scratch\n"
                                "COPY --from=build / /rootfs/\n",
                                "copy-whole-stage-filesystem")
            .size() == 1);
  // Layer merging on the same base image, also through a chain of stages.
  CHECK(testing::check_for_rule("ARG BASE=alpine:3.24\nFROM ${BASE} AS merge\nRUN true\n"
                                "FROM ${BASE} AS runtime\nFROM runtime\nCOPY --from=merge / /\n",
                                "copy-whole-stage-filesystem")
            .empty());
  CHECK(testing::check_for_rule("FROM alpine:3.24 AS merge\nFROM debian:13\n"
                                "COPY --from=merge / /\n",
                                "copy-whole-stage-filesystem")
            .size() == 1);
}
