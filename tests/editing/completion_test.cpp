// Completion in every context it knows, on half-typed lines: the replaced range is the partial
// word before the cursor.
#include "editing/completion.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

using test_support::Annotations;
using Kind = Completion::Kind;

struct Completed {
  std::vector<Completion> items;
  std::string code;
  bool has(std::string_view label) const {
    return std::any_of(items.begin(), items.end(),
                       [&](const Completion& c) { return c.label == label; });
  }
  const Completion& get(std::string_view label) const {
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const Completion& c) { return c.label == label; });
    REQUIRE(it != items.end());
    return *it;
  }
};

// Completion at the one point; every item replaces the marked range (or an empty range at the
// point when none is marked).
Completed complete_at(std::string_view text) {
  const Annotations a(text);
  const syntax::Document doc(a.code());
  const model::Model model = model::build_model(doc);
  Completed out{complete(doc, model, a.point()), a.code()};
  const model::ByteRange expected =
      a.ranges().empty() ? model::ByteRange{a.point(), a.point()} : a.range();
  for (const Completion& c : out.items) {
    INFO(c.label);
    CHECK(c.replace == expected);
  }
  return out;
}

TEST_CASE("instruction keywords at the start of a line, with snippets", "[unit]") {
  const Completed c = complete_at("FROM alpine\n[[CO^]]\n");
  REQUIRE(c.has("COPY"));
  CHECK(c.has("RUN"));
  const Completion& copy = c.get("COPY");
  CHECK(copy.kind == Kind::kKeyword);
  CHECK(copy.snippet == "COPY ${1:src} ${2:dest}");
  CHECK(copy.insert_text == "COPY ");
  CHECK(complete_at("^").has("FROM"));
  // After ONBUILD: the instructions it may wrap.
  const Completed onbuild = complete_at("FROM alpine\nONBUILD [[R^]]\n");
  CHECK(onbuild.has("RUN"));
  CHECK_FALSE(onbuild.has("FROM"));
  CHECK_FALSE(onbuild.has("ONBUILD"));
}

TEST_CASE("flags of the instruction being typed", "[unit]") {
  const Completed copy = complete_at("FROM alpine\nCOPY [[--^]]\n");
  CHECK(copy.has("--from"));
  CHECK(copy.has("--chown"));
  CHECK(copy.has("--link"));
  CHECK_FALSE(copy.has("--mount"));
  CHECK(copy.get("--from").snippet == "--from=${1:stage}");
  CHECK(copy.get("--link").insert_text == "--link");
  const Completed run = complete_at("FROM alpine\nRUN --network=none [[--m^]]\n");
  CHECK(run.has("--mount"));
  // Not after the first argument.
  CHECK(complete_at("FROM alpine\nCOPY a [[--^]]\n").items.empty());
}

TEST_CASE("stage names after --from=, from= and FROM", "[unit]") {
  const Completed from = complete_at(R"(FROM golang AS build
FROM alpine AS assets
FROM scratch AS final
COPY --from=[[b^]] /a /a
)");
  CHECK(from.has("build"));
  CHECK(from.has("assets"));
  CHECK_FALSE(from.has("final"));  // the stage itself
  CHECK(from.get("build").kind == Kind::kStage);
  const Completed mount =
      complete_at("FROM golang AS build\nFROM alpine\nRUN --mount=type=bind,from=[[^]] true\n");
  CHECK(mount.has("build"));
  const Completed base = complete_at("FROM golang AS build\nFROM [[bu^]]\n");
  CHECK(base.has("build"));
  CHECK(base.has("python"));
  CHECK(base.get("python").kind == Kind::kImage);
}

TEST_CASE("--mount keys for the mount's type, and their values", "[unit]") {
  const Completed cache = complete_at("FROM alpine\nRUN --mount=type=cache,[[sh^]]\n");
  CHECK(cache.has("sharing"));
  CHECK(cache.has("target"));
  CHECK_FALSE(cache.has("size"));
  CHECK(cache.get("sharing").insert_text == "sharing=");
  const Completed secret = complete_at("FROM alpine\nRUN --mount=type=secret,[[^]]\n");
  CHECK(secret.has("env"));
  CHECK(secret.has("required"));
  CHECK_FALSE(secret.has("sharing"));
  const Completed types = complete_at("FROM alpine\nRUN --mount=type=[[c^]]\n");
  CHECK(types.has("cache"));
  CHECK(types.has("ssh"));
  const Completed first = complete_at("FROM alpine\nRUN --mount=[[^]]\n");
  CHECK(first.has("type"));
}

TEST_CASE("variables in scope after $ and ${", "[unit]") {
  const Completed c = complete_at(R"(ARG GLOBAL=1
FROM alpine
ARG VERSION=1.2
ENV APP_HOME=/app
RUN echo ${[[VE^]]}
ENV LATER=1
)");
  CHECK(c.has("VERSION"));
  CHECK(c.has("APP_HOME"));
  CHECK_FALSE(c.has("LATER"));
  CHECK_FALSE(c.has("GLOBAL"));  // not redeclared in the stage
  CHECK(c.get("VERSION").detail == "ARG VERSION=1.2");
  const Completed in_from = complete_at("ARG GLOBAL=1\nFROM alpine:$[[G^]]\n");
  CHECK(in_from.has("GLOBAL"));
  // On a new line after the declarations.
  const Completed new_line = complete_at("FROM alpine\nENV A=1\nRUN x $[[^]]");
  CHECK(new_line.has("A"));
}

TEST_CASE("image tags from the catalog after image:", "[unit]") {
  const Completed c = complete_at("FROM python:[[3.12-sl^]]\n");
  CHECK(c.has("3.12-slim"));
  CHECK(c.get("3.12-slim").kind == Kind::kTag);
  CHECK(complete_at("FROM ghcr.io/acme/tool:[[^]]\n").items.empty());
}

TEST_CASE("AS after a FROM image; nothing in comments, heredocs and plain arguments", "[unit]") {
  CHECK(complete_at("FROM alpine [[^]]\n").has("AS"));
  CHECK(complete_at("# a comment [[^]]\nFROM alpine\n").items.empty());
  CHECK(complete_at("FROM alpine\nRUN <<EOF\necho [[^]]\nEOF\n").items.empty());
  CHECK(complete_at("FROM alpine\nWORKDIR /src[[^]]\n").items.empty());
}

}  // namespace
}  // namespace whalesafe::editing
