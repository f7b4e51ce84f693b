// BuildKit's per-instruction argument splitting on single logical lines.
#include "syntax/buildkit_line_parser.h"

#include <catch2/catch.hpp>

namespace whalesafe::syntax {
namespace {

std::string dump(std::string_view line, char escape = '\\') {
  const BuildkitLineResult r = parse_buildkit_line(line, escape);
  INFO(line << " -> error: " << r.error);
  REQUIRE(r.node);
  return r.node->dump();
}

std::string error(std::string_view line) {
  const BuildkitLineResult r = parse_buildkit_line(line, '\\');
  REQUIRE_FALSE(r.node);
  return r.error;
}

TEST_CASE("keywords are lower-cased, unknown instructions keep one empty arg", "[buildkit]") {
  CHECK(dump("FROM alpine") == R"(from "alpine")");
  CHECK(dump("From alpine AS build") == R"(from "alpine" "AS" "build")");
  CHECK(dump("FOO bar baz") == R"(foo "")");
  CHECK(dump("CMD") == "cmd");
  CHECK(dump("ONBUILD") == "onbuild");
}

TEST_CASE("flags are taken from every instruction", "[buildkit]") {
  CHECK(dump("COPY --from=build --chown=1:1 a b") ==
        R"(copy ["--from=build" "--chown=1:1"] "a" "b")");
  CHECK(dump("COPY -- foo /tmp/") == R"(copy "foo" "/tmp/")");
  CHECK(dump("CMD --doit -- [ ]") == R"(cmd ["--doit"])");
  CHECK(dump("ENV --x=1 a=b") == R"(env ["--x=1"] "a" "b" "=")");
  CHECK(dump("RUN --mount=type=cache,target=/x --label=\"a b\" echo") ==
        R"(run ["--mount=type=cache,target=/x" "--label=a b"] "echo")");
  CHECK(dump("FOO --bar baz") == R"(foo ["--bar"] "")");
  CHECK(dump(R"(RUN --a=x\ y z)") == R"(run ["--a=x y"] "z")");
}

TEST_CASE("exec form and shell form", "[buildkit]") {
  CHECK(dump(R"(RUN ["echo", "hi"])") == R"(run "echo" "hi")");
  CHECK(dump(R"(RUN echo "hi")") == R"(run "echo \"hi\"")");
  CHECK(dump(R"(CMD ['a'])") == R"(cmd "['a']")");
  CHECK(dump(R"(COPY "a b" c)") == R"(copy "\"a" "b\"" "c")");
  CHECK(dump(R"(VOLUME [])") == "volume");
  CHECK(error(R"(CMD ["a", 1])") == kJsonNotStringArray);
  CHECK(error(R"(COPY [["a"], "b"])") == kJsonNotStringArray);
}

TEST_CASE("ENV, LABEL and ARG", "[buildkit]") {
  CHECK(dump("ENV name value with spaces") == R"(env "name" "value with spaces" "")");
  CHECK(dump(R"(ENV a="x y" b=z\ w)") == R"(env "a" "\"x y\"" "=" "b" "z\\ w" "=")");
  CHECK(dump("LABEL a=") == R"(label "a" "" "=")");
  CHECK(dump("ENV") == "env");
  CHECK(error("ENV PATH") == "ENV must have two arguments");
  CHECK(error("LABEL PATH") == "LABEL must have two arguments");
  CHECK(error("ENV a=b c") ==
        R"(Syntax error - can't find = in "c". Must be of the form: name=value)");
  CHECK(dump(R"(ARG abc="123 456" def)") == R"(arg "abc=\"123 456\"" "def")");
  CHECK(dump("ENV a `\nb", '`') == "env \"a\" \"`\\nb\" \"\"");
  CHECK(dump("ENV a=x`\"y", '`') == R"(env "a" "x`\"y" "=")");
}

TEST_CASE("HEALTHCHECK and ONBUILD", "[buildkit]") {
  CHECK(dump("HEALTHCHECK") == "healthcheck");
  CHECK(dump("HEALTHCHECK NONE") == R"(healthcheck "NONE")");
  CHECK(dump("HEALTHCHECK --interval=5s CMD curl -f x") ==
        R"(healthcheck ["--interval=5s"] "CMD" "curl -f x")");
  CHECK(dump(R"(HEALTHCHECK CMD ["a"])") == R"(healthcheck "CMD" "a")");
  CHECK(dump(R"(ONBUILD RUN ["echo", "test"])") == R"(onbuild (run "echo" "test"))");
  CHECK(dump("ONBUILD COPY --from=x a b") == R"(onbuild (copy ["--from=x"] "a" "b"))");
  CHECK(error(R"(ONBUILD CMD [1])") == kJsonNotStringArray);
}

TEST_CASE("arguments are quoted like Go", "[buildkit]") {
  CHECK(dump("RUN echo \xff") == R"(run "echo \xff")");
  CHECK(dump("ARG a=\xff") == "arg \"a=\uFFFD\"");  // parseWords decodes runes
  CHECK(dump("COPY --x=\xc3\xa9 a b") == "copy [\"--x=\u00c3\u00a9\"] \"a\" \"b\"");  // byte-wise
}

}  // namespace
}  // namespace whalesafe::syntax
