// .dockerignore reading and matching (analysis/rules/dockerignore.h), against Docker's
// documented semantics.
#include "rules/dockerignore.h"

#include <catch2/catch.hpp>

namespace {

using whalesafe::rules::clean_context_path;
using whalesafe::rules::DockerIgnore;

bool excluded(const DockerIgnore& d, std::string_view path) {
  return d.excluding_pattern(clean_context_path(path)) != nullptr;
}

}  // namespace

TEST_CASE("context paths are cleaned like Go's filepath.Clean, relative to the root",
          "[dockerignore]") {
  CHECK(clean_context_path("./a//b/") == "a/b");
  CHECK(clean_context_path("/a/./b/../c") == "a/c");
  CHECK(clean_context_path("..") == ".");
  CHECK(clean_context_path(".") == ".");
  CHECK(clean_context_path("./") == ".");
  CHECK(clean_context_path("") == ".");
}

TEST_CASE("reading: comments, blanks, exceptions, cleaning", "[dockerignore]") {
  const DockerIgnore d = DockerIgnore::parse(
      "\xEF\xBB\xBF# a comment\n"
      "\n"
      "  node_modules  \r\n"
      "!  keep.txt\n"
      "/build/\n"
      "./a//b\n"
      "!\n"
      "  # not a comment: only a # in the first column starts one\n");
  const auto& p = d.patterns();
  REQUIRE(p.size() == 5);
  CHECK((p[0].text == "node_modules" && !p[0].exception && p[0].line == 3));
  CHECK((p[1].text == "keep.txt" && p[1].exception && p[1].line == 4));
  CHECK(p[2].text == "build");
  CHECK(p[3].text == "a/b");
  CHECK((p[4].text == "# not a comment: only a # in the first column starts one" &&
         p[4].line == 8));
}

TEST_CASE("glob patterns: * ? [] \\ and **", "[dockerignore]") {
  CHECK(DockerIgnore::glob_match("*.md", "README.md"));
  CHECK_FALSE(DockerIgnore::glob_match("*.md", "docs/README.md"));  // * stops at /
  CHECK(DockerIgnore::glob_match("*/*.md", "docs/README.md"));
  CHECK(DockerIgnore::glob_match("file?.txt", "file1.txt"));
  CHECK_FALSE(DockerIgnore::glob_match("file?.txt", "file10.txt"));
  CHECK_FALSE(DockerIgnore::glob_match("a?b", "a/b"));
  CHECK(DockerIgnore::glob_match("log[0-9].txt", "log7.txt"));
  CHECK_FALSE(DockerIgnore::glob_match("log[0-9].txt", "logx.txt"));
  CHECK(DockerIgnore::glob_match("log[^0-9].txt", "logx.txt"));
  CHECK(DockerIgnore::glob_match("a\\*b", "a*b"));
  CHECK_FALSE(DockerIgnore::glob_match("a\\*b", "axb"));
  CHECK(DockerIgnore::glob_match("**/*.go", "main.go"));
  CHECK(DockerIgnore::glob_match("**/*.go", "cmd/app/main.go"));
  CHECK(DockerIgnore::glob_match("docs/**", "docs/a/b.md"));
  CHECK_FALSE(DockerIgnore::glob_match("docs/**", "docs"));
  CHECK(DockerIgnore::glob_match("a/**/b", "a/b"));
  CHECK(DockerIgnore::glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(DockerIgnore::glob_match("a/**/b", "a/xb"));
  CHECK(DockerIgnore::glob_match("**", "anything/at/all"));
  CHECK(DockerIgnore::glob_match("*", "."));
}

TEST_CASE("a pattern excludes a path or anything under what it matches", "[dockerignore]") {
  const DockerIgnore d = DockerIgnore::parse("node_modules\n*.log\n/tmp\n");
  CHECK(excluded(d, "node_modules"));
  CHECK(excluded(d, "node_modules/lodash/index.js"));
  CHECK(excluded(d, "./node_modules/x"));
  CHECK_FALSE(excluded(d, "src/node_modules"));  // patterns are anchored at the root
  CHECK(excluded(d, "app.log"));
  CHECK_FALSE(excluded(d, "logs/app.log"));
  CHECK(excluded(d, "/tmp/x"));
  CHECK_FALSE(excluded(d, "src/main.go"));
}

TEST_CASE("the last matching pattern decides; exceptions re-include", "[dockerignore]") {
  const DockerIgnore d = DockerIgnore::parse("*\n!src\n!package.json\nsrc/*.tmp\n");
  CHECK(excluded(d, "README.md"));
  CHECK_FALSE(excluded(d, "src/main.go"));
  CHECK_FALSE(excluded(d, "package.json"));
  CHECK(excluded(d, "src/x.tmp"));
  const DockerIgnore::Pattern* p = d.excluding_pattern("src/x.tmp");
  REQUIRE(p != nullptr);
  CHECK((p->text == "src/*.tmp" && p->line == 4));

  const DockerIgnore docs = DockerIgnore::parse("docs\n!docs/README.md\n");
  CHECK(excluded(docs, "docs/guide.md"));
  CHECK_FALSE(excluded(docs, "docs/README.md"));
  // `docs` itself is excluded, but an exception re-includes something below it.
  CHECK(excluded(docs, "docs"));
  CHECK(docs.may_include_below("docs"));
  CHECK_FALSE(docs.may_include_below("docs/guide.md"));
  CHECK(docs.may_include_below("."));
}

TEST_CASE("may_include_below: which exceptions can reach under a directory", "[dockerignore]") {
  const DockerIgnore d = DockerIgnore::parse("*\n!**/*.go\n!web/public/*\n");
  CHECK(d.may_include_below("anything"));  // ** reaches any depth
  const DockerIgnore e = DockerIgnore::parse("*\n!web/public/*\n");
  CHECK(e.may_include_below("web"));
  CHECK(e.may_include_below("web/public"));
  CHECK_FALSE(e.may_include_below("web/public/x"));
  CHECK_FALSE(e.may_include_below("api"));
  const DockerIgnore none = DockerIgnore::parse("*.log\n");
  CHECK_FALSE(none.may_include_below("."));
}
