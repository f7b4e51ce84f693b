// Parser directives as BuildKit reads them.
#include "syntax/directives.h"

#include <catch2/catch.hpp>

namespace whalesafe::syntax {
namespace {

TEST_CASE("directives in the leading comment lines", "[directives]") {
  const Directives d = read_directives("# syntax = docker/dockerfile:1\n#ESCAPE=`\nFROM x\n");
  REQUIRE(d.directives.size() == 2);
  CHECK(d.directives[0].name == "syntax");
  CHECK(d.directives[0].value == "docker/dockerfile:1");
  CHECK(d.directives[1].name == "escape");
  CHECK(d.escape == '`');
  CHECK_FALSE(d.error);
}

TEST_CASE("the directive zone ends at the first other line", "[directives]") {
  CHECK(read_directives("# comment\n# escape=`\n").escape == '\\');
  CHECK(read_directives("\n# escape=`\n").escape == '\\');
  CHECK(read_directives("# foo=bar\n# escape=`\n").escape == '\\');
  CHECK(read_directives("\xEF\xBB\xBF# escape=`\n").escape == '`');
  CHECK(read_directives("  # escape=`  \r\n").escape == '`');
}

TEST_CASE("directive errors", "[directives]") {
  const Directives twice = read_directives("# escape=`\n# Escape=\\\n");
  REQUIRE(twice.error);
  CHECK(twice.error->message == "only one escape parser directive can be used");
  CHECK(twice.error->line == 1);

  const Directives bad = read_directives("# escape=x\nFROM a\n");
  REQUIRE(bad.error);
  CHECK(bad.error->message == "invalid escape token 'x' does not match ` or \\");
  CHECK(bad.error->line == 0);

  // The lazy value pattern keeps one blank when nothing else follows the '='.
  const Directives blank = read_directives("# escape= \n");
  REQUIRE(blank.error);
  CHECK(blank.error->message == "invalid escape token ' ' does not match ` or \\");
  CHECK_FALSE(read_directives("# escape=\n").error);
}

}  // namespace
}  // namespace whalesafe::syntax
