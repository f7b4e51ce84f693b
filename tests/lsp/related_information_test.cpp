// Related information for findings (server/lsp/features/related_information.h), with the
// places marked in the test text (annotations.h): the finding's range and what it relates to.
#include "lsp/features/related_information.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "annotations.h"
#include "syntax/document.h"

using whalesafe::findings::Diagnostic;
using whalesafe::lsp::features::related_locations;
using whalesafe::lsp::features::RelatedLocation;
using whalesafe::testing::Annotations;
using whalesafe::testing::ByteRange;

namespace {

// The related places of one made-up finding over the range named "finding".
std::vector<RelatedLocation> related_of(const Annotations& a) {
  const whalesafe::syntax::Document document(a.code());
  Diagnostic d;
  d.rule = "some-rule";
  d.start_byte = a.range("finding").start;
  d.end_byte = a.range("finding").end;
  const auto all = related_locations(document, whalesafe::model::build_model(document), {d});
  REQUIRE(all.size() == 1);
  return all[0];
}

ByteRange range_of(const RelatedLocation& r) { return ByteRange{r.start_byte, r.end_byte}; }

}  // namespace

TEST_CASE("related information: the ARG that declares a variable used in the finding") {
  const Annotations a(
      "ARG $decl[[VERSION=3.20]]\n"
      "FROM $finding[[alpine:$VERSION]]\n"
      "ARG $env[[APP=/srv]]\n"
      "ENV $other[[HOME_DIR=$APP]]\n"
      "RUN echo $APP\n");
  const auto related = related_of(a);
  REQUIRE(related.size() == 1);
  CHECK(range_of(related[0]) == a.range("decl"));
  CHECK(related[0].message == "VERSION is declared here");
}

TEST_CASE("related information: the stage a COPY --from takes files from") {
  const Annotations a(
      "FROM golang:1.22 AS $stage[[build]]\n"
      "RUN go build -o /app .\n"
      "FROM alpine:3.20\n"
      "COPY --from=build $finding[[/app]] /app\n");
  const auto related = related_of(a);
  REQUIRE(related.size() == 1);
  CHECK(range_of(related[0]) == a.range("stage"));
  CHECK(related[0].message == "stage 'build' starts here");
}

TEST_CASE("related information: nothing for a finding without variables or stages") {
  const Annotations a(
      "ARG VERSION=3.20\n"
      "FROM alpine:$VERSION\n"
      "RUN $finding[[apt-get install curl]]\n");
  CHECK(related_of(a).empty());
}

TEST_CASE("related information: the stage a RUN --mount takes files from") {
  const Annotations a(
      "FROM alpine:3.20 AS $stage[[Deps]]\n"
      "FROM alpine:3.20\n"
      "RUN --mount=type=cache,from=deps,target=/x $finding[[apk add curl]]\n");
  const auto related = related_of(a);
  REQUIRE(related.size() == 1);
  CHECK(range_of(related[0]) == a.range("stage"));
  CHECK(related[0].message == "stage 'Deps' starts here");
}
