// Document symbols (stages holding their instructions, ARG/ENV holding their variables) and
// folding ranges.
#include "editing/outline.h"

#include <catch2/catch.hpp>
#include <tuple>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

using test_support::Annotations;
using test_support::covered;

TEST_CASE("the outline: global ARGs, then stages with their instructions", "[unit]") {
  const Annotations a(R"([[ARG VERSION=3.12]]
FROM python:${VERSION} AS [[build]]
RUN pip install --no-cache-dir   build
ENV [[A]]=1 B=2
FROM [[python:3.12-slim]]
COPY --from=build /app /app
)");
  const syntax::Document doc(a.code());
  const model::Model model = model::build_model(doc);
  const std::vector<OutlineSymbol> symbols = outline(doc, model);
  REQUIRE(symbols.size() == 3);
  CHECK(symbols[0].kind == OutlineSymbol::Kind::kInstruction);
  CHECK(symbols[0].name == "ARG");
  CHECK(symbols[0].range == a.ranges()[0]);
  REQUIRE(symbols[0].children.size() == 1);
  CHECK(symbols[0].children[0].name == "VERSION");
  CHECK(symbols[0].children[0].detail == "3.12");

  const OutlineSymbol& build = symbols[1];
  CHECK(build.kind == OutlineSymbol::Kind::kStage);
  CHECK(build.name == "build");
  CHECK(build.detail == "FROM python:${VERSION} AS build");
  CHECK(build.selection_range == a.ranges()[1]);
  REQUIRE(build.children.size() == 2);
  CHECK(build.children[0].name == "RUN");
  CHECK(build.children[0].detail == "pip install --no-cache-dir build");
  CHECK(build.children[1].name == "ENV");
  REQUIRE(build.children[1].children.size() == 2);
  CHECK(build.children[1].children[0].selection_range == a.ranges()[2]);
  // The stage's range runs from its FROM to its last instruction.
  CHECK(covered(a.code(), build.range).rfind("FROM python:${VERSION}", 0) == 0);
  CHECK(covered(a.code(), build.range).find("B=2") != std::string::npos);

  const OutlineSymbol& last = symbols[2];
  CHECK(last.name == "python:3.12-slim");  // unnamed: its image
  CHECK(last.selection_range == a.ranges()[3]);
  CHECK(last.children.size() == 1);
}

TEST_CASE("folding: stages, multi-line instructions, heredocs and comment blocks", "[unit]") {
  const syntax::Document doc(R"(# line 0
# line 1
FROM alpine
RUN apk add \
      curl \
      git
COPY <<EOF /etc/motd
hello
EOF
FROM scratch
)");
  const model::Model model = model::build_model(doc);
  std::vector<std::tuple<uint32_t, uint32_t, bool>> got;
  for (const FoldingRange& r : folding_ranges(doc, model)) {
    got.emplace_back(r.start_row, r.end_row, r.kind == FoldingRange::Kind::kComment);
  }
  const std::vector<std::tuple<uint32_t, uint32_t, bool>> expected = {
      {0, 1, true}, {2, 8, false}, {3, 5, false}, {6, 8, false}};
  CHECK(got == expected);
}

}  // namespace
}  // namespace whalesafe::editing
