// Edge cases of the add-non-root-user rewrite that the fixtures (tests/rules/fixtures/
// user-missing/, user-root/) do not show one per file: when it declines and why, which stage
// it edits, where USER goes without CMD or ENTRYPOINT, and which existing user it reuses.
#include <catch2/catch.hpp>

#include "fixes/fix_engine.h"
#include "rewrite_test_support.h"

namespace {

using whalesafe::rewrites::RewriteKind;
using whalesafe::testing::plan;

constexpr RewriteKind kUser = RewriteKind::kAddNonRootUser;

}  // namespace

TEST_CASE("add-non-root-user declines when the image already runs as a non-root user",
          "[rewrite]") {
  const auto p = plan(kUser, "FROM debian:12\nUSER root\nRUN true\nUSER app\n");
  CHECK_FALSE(p.outcome.fix);
  CHECK(p.outcome.why_not == "the final stage already runs as 'app'");
  const auto inherited =
      plan(kUser, "FROM debian:12 AS base\nUSER 1000\nFROM base\nRUN true\n", "RUN");
  CHECK(inherited.outcome.why_not == "the final stage already runs as '1000'");
  const auto nonroot = plan(kUser, "FROM gcr.io/distroless/static-debian12:nonroot\n");
  CHECK(nonroot.outcome.why_not ==
        "'gcr.io/distroless/static-debian12:nonroot' already runs as a non-root user");
}

TEST_CASE("add-non-root-user edits only the final stage", "[rewrite]") {
  const std::string text =
      "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
      "FROM debian:12-slim\nWORKDIR /srv/app\nCOPY --from=build /out/app ./app\nCMD [\"./app\"]\n";
  const auto in_build = plan(kUser, text, "RUN go build");
  CHECK_FALSE(in_build.outcome.fix);
  CHECK(in_build.outcome.why_not ==
        "the final stage decides which user the container runs as; this is stage 0");
  const auto p = plan(kUser, text, "CMD");
  REQUIRE(p.outcome.fix);
  for (const auto& e : p.outcome.fix->edits) CHECK(e.start_byte > text.find("FROM debian"));
  CHECK(p.fixed ==
        "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
        "FROM debian:12-slim\nWORKDIR /srv/app\nCOPY --chown=10001:10001 --from=build /out/app "
        "./app\n"
        "RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 "
        "--gid app --create-home app && chown 10001:10001 /srv/app\nUSER 10001:10001\n"
        "CMD [\"./app\"]\n");
}

TEST_CASE("add-non-root-user without CMD or ENTRYPOINT appends USER at the end", "[rewrite]") {
  const auto p = plan(kUser, "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
  REQUIRE(p.outcome.fix);
  CHECK(p.fixed ==
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
        "RUN addgroup -S -g 10001 app && adduser -S -D -u 10001 -G app app\nUSER 10001:10001\n");
  // Only a FROM: the lines follow it.
  CHECK(plan(kUser, "FROM scratch").fixed == "FROM scratch\nUSER 65532:65532");
  // A RUN ending in a heredoc: after its terminator.
  CHECK(plan(kUser, "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nEXPOSE 80\n").fixed ==
        "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n"
        "RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 "
        "--gid app --create-home app\nUSER 10001:10001\nEXPOSE 80\n");
}

TEST_CASE("add-non-root-user says why when the distribution is unknown", "[rewrite]") {
  const auto vendor = plan(kUser, "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCMD [\"x\"]\n");
  CHECK_FALSE(vendor.outcome.fix);
  CHECK(vendor.outcome.why_not ==
        "'mcr.microsoft.com/dotnet/aspnet:8.0' is not a Docker Official Image, so which "
        "distribution it is built on is unknown; add a non-root USER by hand");
  const auto build_arg = plan(kUser, "ARG BASE\nFROM $BASE\n");
  CHECK(build_arg.outcome.why_not ==
        "the base image is only known at build time; add a non-root USER by hand");
  const auto minimal = plan(kUser, "FROM almalinux:9-minimal\n");
  CHECK(minimal.outcome.why_not ==
        "'almalinux:9-minimal' has no useradd or groupadd (shadow-utils is not installed in it); "
        "add a non-root USER by hand");
  const auto digest =
      plan(kUser,
           "FROM python@sha256:0000000000000000000000000000000000000000000000000000000000000000\n");
  CHECK(digest.outcome.why_not.find("pinned by digest only") != std::string::npos);
  // The new RUN needs a POSIX shell.
  const auto powershell =
      plan(kUser, "FROM debian:12\nSHELL [\"pwsh\", \"-Command\"]\nRUN Write-Host hi\n");
  CHECK(powershell.outcome.why_not ==
        "the final stage's SHELL is not a POSIX shell, which the new RUN needs");
  // The rule's message carries the reason.
  const auto ds = whalesafe::testing::check_for_rule(
      "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCMD [\"x\"]\n", "user-missing");
  REQUIRE(ds.size() == 1);
  CHECK_FALSE(ds[0].fix);
  CHECK(ds[0].message.find("(no automatic fix: 'mcr.microsoft.com/dotnet/aspnet:8.0' is not a "
                           "Docker Official Image") != std::string::npos);
}

TEST_CASE("add-non-root-user reuses a user the Dockerfile creates", "[rewrite]") {
  // Debian's adduser with one operand creates it; with two it adds a user to a group.
  CHECK(plan(kUser, "FROM debian:12\nRUN adduser --system --group svc\nCMD [\"x\"]\n").fixed ==
        "FROM debian:12\nRUN adduser --system --group svc\nUSER svc\nCMD [\"x\"]\n");
  CHECK(plan(kUser, "FROM debian:12\nRUN adduser svc audio\n").fixed.find("USER 10001:10001") !=
        std::string::npos);
  // BusyBox adduser's options with values are skipped.
  CHECK(plan(kUser, "FROM alpine:3.20\nRUN adduser -D -h /srv -s /bin/sh web\n").fixed ==
        "FROM alpine:3.20\nRUN adduser -D -h /srv -s /bin/sh web\nUSER web\n");
  // A COPY before the user exists cannot name it: no --chown there.
  CHECK(plan(kUser,
             "FROM debian:12\nWORKDIR /app\nCOPY a ./\nRUN useradd svc\nCOPY b ./\nCMD [\"x\"]\n")
            .fixed ==
        "FROM debian:12\nWORKDIR /app\nCOPY a ./\nRUN useradd svc\n"
        "COPY --chown=svc b ./\nRUN chown svc /app\nUSER svc\nCMD [\"x\"]\n");
}

TEST_CASE("add-non-root-user through the fix engine is idempotent", "[rewrite]") {
  using whalesafe::fixes::fix_text;
  using whalesafe::fixes::FixOptions;
  const std::string text =
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n"
      "CMD [\"python\", \"-m\", \"app\"]\n";
  const auto selection = whalesafe::rules::RuleSelection::defaults();
  const auto first = fix_text(text, selection, whalesafe::testing::test_settings(),
                              FixOptions{.include_unsafe = true});
  CHECK(first.text.find("USER 10001:10001\nCMD") != std::string::npos);
  const auto again = fix_text(first.text, selection, whalesafe::testing::test_settings(),
                              FixOptions{.include_unsafe = true});
  CHECK(again.applied.empty());
  CHECK(again.text == first.text);
}
