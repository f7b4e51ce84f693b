// Stage names and build variables: what is under the cursor, its definition, every occurrence,
// and which new names a rename accepts.
#include "editing/occurrences.h"

#include <catch2/catch.hpp>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

using test_support::Annotations;

struct Parsed {
  syntax::Document doc;
  model::Model model;
  explicit Parsed(const std::string& code) : doc(code), model(model::build_model(doc)) {}
};

std::vector<model::ByteRange> ranges_of(const std::vector<Occurrence>& all) {
  std::vector<model::ByteRange> out;
  for (const Occurrence& o : all) out.push_back(o.range);
  return out;
}

// Every point of `text` finds the symbol whose occurrences are exactly the marked ranges.
void check_occurrences(std::string_view text, SymbolKind kind) {
  const Annotations a(text);
  const Parsed p(a.code());
  for (const uint32_t point : a.points()) {
    INFO("point " << point << " in\n" << a.code());
    const auto symbol = symbol_at(p.doc, p.model, point);
    REQUIRE(symbol);
    CHECK(symbol->kind == kind);
    CHECK(ranges_of(occurrences(p.doc, p.model, *symbol)) == a.ranges());
  }
}

TEST_CASE("stage names: definition, FROM, COPY --from and RUN --mount from", "[unit]") {
  check_occurrences(R"(FROM golang:1.22 AS [[bu^ild]]
RUN go build -o /out/app .
FROM [[build]]^ AS test
RUN --mount=type=cache,from=[[b^uild]],target=/cache true
FROM alpine:3.20
COPY --from=[[^build]] /out/app /app
COPY --from=test /x /y
)",
                    SymbolKind::kStage);
}

TEST_CASE("stage names are matched case-insensitively, as BuildKit does", "[unit]") {
  check_occurrences(R"(FROM alpine AS [[^Builder]]
FROM scratch
COPY --from=[[builder]]^ /a /a
)",
                    SymbolKind::kStage);
}

TEST_CASE("variables: declarations, expanded uses and shell uses", "[unit]") {
  check_occurrences(R"(ARG [[VER^SION]]=3.12
FROM python:${[[VERSION]]}
ARG [[VERSION]]
ENV PY_VERSION=$[[VERSION]]^ OTHER=1
RUN echo "$[[VERSION]]" '$VERSION' ${[[VE^RSION]]:-x} && echo $VERSIONS
)",
                    SymbolKind::kVariable);
}

TEST_CASE("no symbol on keywords, paths or shell variables the Dockerfile does not declare",
          "[unit]") {
  const Annotations a(R"(F^ROM alpine
COPY ^a /b
RUN for f in *; do echo $^f; done
)");
  const Parsed p(a.code());
  for (const uint32_t point : a.points()) {
    INFO("point " << point);
    CHECK_FALSE(symbol_at(p.doc, p.model, point));
  }
}

TEST_CASE("definition of a variable use is the declaration in scope", "[unit]") {
  const Annotations a(R"(FROM alpine AS one
ENV [[MODE]]=debug
RUN echo $MODE
FROM alpine AS two
ENV MODE=release
)");
  const Parsed p(a.code());
  const uint32_t use = static_cast<uint32_t>(a.code().find("$MODE")) + 2;
  const auto symbol = symbol_at(p.doc, p.model, use);
  REQUIRE(symbol);
  CHECK(definitions(p.doc, p.model, *symbol) == a.ranges());
  // Both ENVs are occurrences of the one name.
  CHECK(occurrences(p.doc, p.model, *symbol).size() == 3);
}

TEST_CASE("definition of a stage reference is its AS name", "[unit]") {
  const Annotations a(R"(FROM alpine AS [[base]]
FROM ba^se
)");
  const Parsed p(a.code());
  const auto symbol = symbol_at(p.doc, p.model, a.point());
  REQUIRE(symbol);
  CHECK(definitions(p.doc, p.model, *symbol) == a.ranges());
}

TEST_CASE("rename checks the new name", "[unit]") {
  const Parsed p("FROM alpine AS build\nFROM alpine AS test\nARG X=1\n");
  const auto stage = symbol_at(p.doc, p.model, 16);
  REQUIRE(stage);
  REQUIRE(stage->kind == SymbolKind::kStage);
  CHECK_FALSE(rename_error(p.model, *stage, "compile"));
  CHECK_FALSE(rename_error(p.model, *stage, "Compile-2.x_y"));
  CHECK(rename_error(p.model, *stage, "test"));
  CHECK(rename_error(p.model, *stage, "2fast"));
  CHECK(rename_error(p.model, *stage, "has space"));
  CHECK(rename_error(p.model, *stage, ""));
  const auto variable = symbol_at(p.doc, p.model, static_cast<uint32_t>(p.doc.text().find("X=")));
  REQUIRE(variable);
  REQUIRE(variable->kind == SymbolKind::kVariable);
  CHECK_FALSE(rename_error(p.model, *variable, "_NEW_1"));
  CHECK(rename_error(p.model, *variable, "1X"));
  CHECK(rename_error(p.model, *variable, "A-B"));
}

}  // namespace
}  // namespace whalesafe::editing
