// Hovers: instruction, flag and --mount key documentation, variables, stages, catalog facts on
// FROM images, and the documentation of the rule behind a finding.
#include "editing/hover.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

using Catch::Matchers::Contains;
using test_support::Annotations;

constexpr catalog::Date kToday{2026, 11, 23};

struct Hovered {
  std::string markdown;
  model::ByteRange range;
};

// The hover at the one point of `text`; its range must be the one marked range (when marked).
std::optional<Hovered> hover_at(std::string_view text,
                                const std::vector<findings::Diagnostic>& diagnostics = {}) {
  const Annotations a(text);
  const syntax::Document doc(a.code());
  const model::Model model = model::build_model(doc);
  auto result = hover(doc, model, diagnostics, a.point(), kToday);
  if (!result) return std::nullopt;
  if (!a.ranges().empty()) CHECK(result->range == a.range());
  return Hovered{result->markdown, result->range};
}

TEST_CASE("hover on an instruction keyword shows its syntax and documentation", "[unit]") {
  const auto h = hover_at("FROM alpine\n[[co^py]] a /a\n");
  REQUIRE(h);
  CHECK_THAT(h->markdown, Contains("COPY [--from=<stage>]"));
  CHECK_THAT(h->markdown, Contains("build context"));
  CHECK_THAT(h->markdown, Contains("`--chown`"));
}

TEST_CASE("hover on a flag shows the flag; on a --mount key, the key", "[unit]") {
  const auto flag = hover_at("FROM alpine\nCOPY [[--ch^own=app:app]] a /a\n");
  REQUIRE(flag);
  CHECK_THAT(flag->markdown, Contains("COPY --chown=user:group"));
  const auto key = hover_at("FROM alpine\nRUN --mount=type=cache,[[sha^ring=locked]] make\n");
  REQUIRE(key);
  CHECK_THAT(key->markdown, Contains("`sharing`"));
  CHECK_THAT(key->markdown, Contains("`locked`"));
}

TEST_CASE("hover on a variable shows its value and where it is defined", "[unit]") {
  const auto use = hover_at(R"(ARG VERSION=3.12
FROM python:${VERSION}
ARG VERSION
ENV PIP_NO_CACHE_DIR=1
RUN echo $[[VER^SION]] $PIP_NO_CACHE_DIR
)");
  REQUIRE(use);
  CHECK_THAT(use->markdown, Contains("`VERSION` (build argument)"));
  CHECK_THAT(use->markdown, Contains("Value: `3.12`"));
  CHECK_THAT(use->markdown, Contains("Defined at line 3: `ARG VERSION`"));
  const auto global = hover_at("ARG VERSION=3.12\nFROM python:${[[VERS^ION]]}\n");
  REQUIRE(global);
  CHECK_THAT(global->markdown, Contains("global build argument"));
  CHECK_THAT(global->markdown, Contains("Defined at line 1: `ARG VERSION=3.12`"));
  const auto env = hover_at("FROM alpine\nENV [[MO^DE]]=fast\n");
  REQUIRE(env);
  CHECK_THAT(env->markdown, Contains("environment variable"));
  CHECK_THAT(env->markdown, Contains("Value: `fast`"));
  const auto unset = hover_at("FROM alpine\nARG TOKEN\nRUN echo ${[[TOK^EN]]}\n");
  REQUIRE(unset);
  CHECK_THAT(unset->markdown, Contains("No value"));
}

TEST_CASE("hover on a stage reference describes the stage", "[unit]") {
  const auto h =
      hover_at("FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=[[bu^ild]] /a /a\n");
  REQUIRE(h);
  CHECK_THAT(h->markdown, Contains("Stage `build` (index 0)"));
  CHECK_THAT(h->markdown, Contains("line 1: `FROM golang:1.22 AS build`"));
}

TEST_CASE("hover on a FROM image shows the catalog: variants, newest versions, end of life",
          "[unit]") {
  const auto h = hover_at("FROM [[pyth^on:3.8]]\n");
  REQUIRE(h);
  CHECK_THAT(h->markdown, Contains("**python**: Docker Official Image"));
  CHECK_THAT(h->markdown, Contains("Newest versions: 3."));
  CHECK_THAT(h->markdown, Contains("End of life: Python 3.8: end of life since 2024-10-07"));
  CHECK_THAT(h->markdown, Contains("offline catalog"));
  const auto maintained = hover_at("FROM python:3^.12\n");
  REQUIRE(maintained);
  CHECK_THAT(maintained->markdown, Contains("Tag `3.12` is maintained"));
  CHECK_THAT(maintained->markdown, Contains("Smaller variants: slim `3.12-slim`"));
  CHECK_THAT(maintained->markdown, Contains("supported until"));
  // Images the catalog does not know: no catalog hover.
  CHECK_FALSE(hover_at("FROM ghcr.io/acme/t^ool:1\n"));
}

TEST_CASE("hover on a finding shows its rule's documentation", "[unit]") {
  findings::Diagnostic d;
  d.rule = "apt-missing-yes";
  d.message = "apt-get install without -y";
  const std::string code = "FROM debian:12\nRUN apt-get install curl\n";
  d.start_byte = static_cast<uint32_t>(code.find("apt-get"));
  d.end_byte = d.start_byte + 15;
  const auto h = hover_at("FROM debian:12\nRUN apt-g^et install curl\n", {d});
  REQUIRE(h);
  CHECK_THAT(h->markdown, Contains("**apt-missing-yes** (warning)"));
  CHECK_THAT(h->markdown, Contains("apt-get install without -y"));
  CHECK_THAT(h->markdown, Contains("whalesafe ignore=apt-missing-yes"));
  CHECK(h->range == model::ByteRange{d.start_byte, d.end_byte});
}

TEST_CASE("what the cursor is on comes before the findings around it", "[unit]") {
  findings::Diagnostic d;
  d.rule = "user-missing";
  d.start_byte = 0;
  d.end_byte = 17;
  const auto h = hover_at("FROM [[pyt^hon:3.12]]\n", {d});
  REQUIRE(h);
  CHECK(h->markdown.rfind("**python**", 0) == 0);
  CHECK_THAT(h->markdown, Contains("---\n\n**user-missing**"));
}

TEST_CASE("the newest versions of an image are listed newest first", "[unit]") {
  for (const char* text : {"FROM debian:1^2\n", "FROM python:3^\n", "FROM node:2^2\n"}) {
    const auto h = hover_at(text);
    REQUIRE(h);
    const std::string marker = "Newest versions: ";
    const std::size_t at = h->markdown.find(marker);
    REQUIRE(at != std::string::npos);
    // "13.6, 12.15, 11.11." -> the major versions 13, 12, 11.
    const std::size_t start = at + marker.size();
    const std::string list = h->markdown.substr(start, h->markdown.find('\n', start) - start);
    INFO(list);
    std::vector<unsigned long> majors;
    for (std::size_t i = 0; i < list.size(); i = list.find(", ", i) + 2) {
      majors.push_back(std::stoul(list.substr(i)));
      if (list.find(", ", i) == std::string::npos) break;
    }
    CHECK(majors.size() >= 2);
    CHECK(std::is_sorted(majors.rbegin(), majors.rend()));
  }
}

TEST_CASE("no hover on plain arguments", "[unit]") {
  CHECK_FALSE(hover_at("FROM alpine\nWORKDIR /s^rc\n"));
  CHECK_FALSE(hover_at("# a comm^ent\nFROM alpine\n"));
}

}  // namespace
}  // namespace whalesafe::editing
