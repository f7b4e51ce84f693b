// Document: parsing, positions, BOM, incremental edits.
#include "syntax/document.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "syntax/tree_print.h"
#include "syntax/tree_util.h"

namespace whalesafe::syntax {
namespace {

TEST_CASE("a document owns its text and tree", "[document]") {
  Document doc("FROM alpine\nRUN echo hi\n");
  CHECK(doc.text() == "FROM alpine\nRUN echo hi\n");
  CHECK(type_of(doc.root()) == "source_file");
  CHECK_FALSE(ts_node_has_error(doc.root()));
  REQUIRE(top_level_instructions(doc.root()).size() == 2);
  CHECK(doc.line_count() == 3);

  Document moved = std::move(doc);
  CHECK(top_level_instructions(moved.root()).size() == 2);
}

TEST_CASE("positions: 1-based lines, character columns", "[document]") {
  const Document doc("FROM alpine\nLABEL a=\"\u00e9\u00e9\" b=c\n");
  const std::string& t = doc.text();
  CHECK(doc.line_col(0) == LineCol{1, 1});
  CHECK(doc.line_col(static_cast<uint32_t>(t.find("alpine"))) == LineCol{1, 6});
  // Two 2-byte characters before "b=c" count as two columns.
  CHECK(doc.line_col(static_cast<uint32_t>(t.find("b=c"))) == LineCol{2, 14});
  CHECK(doc.line_col(static_cast<uint32_t>(t.size())) == LineCol{3, 1});
  const TSPoint p = doc.point_at(static_cast<uint32_t>(t.find("b=c")));
  CHECK(p.row == 1);
  CHECK(p.column == 15);
}

TEST_CASE("a UTF-8 BOM is skipped by the parser and not counted in columns", "[document]") {
  const Document doc(
      "\xEF\xBB\xBF"
      "FROM alpine\n");
  CHECK(doc.has_bom());
  CHECK_FALSE(ts_node_has_error(doc.root()));
  const std::vector<TSNode> instructions = top_level_instructions(doc.root());
  REQUIRE(instructions.size() == 1);
  CHECK(ts_node_start_byte(instructions[0]) == 3);
  CHECK(doc.line_col(ts_node_start_byte(instructions[0])) == LineCol{1, 1});
}

TEST_CASE("edit applies the change and matches a fresh parse", "[document][incremental]") {
  Document doc("FROM alpine\nRUN echo hi\n");
  const std::string& t = doc.text();
  const auto at = static_cast<uint32_t>(t.find("hi"));
  doc.edit(at, at + 2, "hello \\\n  world");
  CHECK(doc.text() == "FROM alpine\nRUN echo hello \\\n  world\n");
  CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));

  doc.edit(0, 0, "# escape=`\n");
  CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));
  doc.edit(0, 11, "");
  CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));
  // Out-of-range offsets are clamped.
  doc.edit(100000, 100001, "CMD x\n");
  CHECK(doc.text().substr(doc.text().size() - 6) == "CMD x\n");
  CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));
}

TEST_CASE("several edits at once: offsets of the text before them, one reparse",
          "[document][incremental]") {
  Document doc("FROM alpine\nRUN apt-get install curl\nUSER app\nCMD run\n");
  const std::string before = doc.text();
  const auto at = [&](std::string_view what) { return static_cast<uint32_t>(before.find(what)); };
  // Given out of order: an insertion, a replacement that adds lines, a deletion.
  doc.edit({{at("curl"), at("curl"), "-y "},
            {at("USER app\n"), at("CMD"), ""},
            {at("alpine"), at("alpine") + 6, "debian:12\nWORKDIR /app"}});
  CHECK(doc.text() == "FROM debian:12\nWORKDIR /app\nRUN apt-get install -y curl\nCMD run\n");
  CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));
  CHECK(top_level_instructions(doc.root()).size() == doc.instructions().size());
  CHECK(doc.instructions().size() == 4);
  CHECK(doc.line_count() == 5);
}

// The scanner takes argument text, a word or a heredoc marker at the start of a line after
// `x \` + newline, and leaves the same text to the DFA elsewhere in a line: an edit that moves
// such text to column 0 (or away from it) must not reuse the old token.
TEST_CASE("text an edit moves to or from column 0 is lexed again", "[document][incremental]") {
  struct Case {
    std::string before;
    std::string removed;  // first occurrence deleted (or, reversed, inserted back)
  };
  const std::vector<Case> cases{
      // a flag value becomes the command (fuzz/regressions/grammar/
      // flag-value-takes-a-continuation-after-edits)
      {"FROM a\nRUN --mount=type=bind \\\n\t--mount=type=cache,target=/x \\\n make\n",
       "\t--mount="},
      // a word glued to `=` becomes a new word after the continuation
      {"FROM a\nENV A=1 \\\n B=2\n", " B"},
      {"FROM a\nCOPY x \\\n--chown=1 y /z\n", "--chown=1 "},
      {"FROM a\nCOPY x \\\n-<<EOF /z\nbody\nEOF\n", "-"},
  };
  for (const Case& c : cases) {
    const std::size_t found = c.before.find(c.removed);
    REQUIRE(found != std::string::npos);
    const auto at = static_cast<uint32_t>(found);
    const auto end = at + static_cast<uint32_t>(c.removed.size());
    Document doc(c.before);
    doc.edit(at, end, "");
    INFO("after the deletion:\n" << doc.text());
    CHECK(print_sexp(doc) == print_sexp(Document(doc.text())));
    doc.edit(at, at, c.removed);
    INFO("after the insertion:\n" << doc.text());
    CHECK(doc.text() == c.before);
    CHECK(print_sexp(doc) == print_sexp(Document(c.before)));
  }
}

TEST_CASE("random edits reparse like fresh parses", "[document][incremental]") {
  const std::string base =
      "# syntax=docker/dockerfile:1\n"
      "FROM alpine:3.19 AS build\n"
      "ARG A=1 B\n"
      "ENV X=\"a b\" Y=c\n"
      "RUN apk add \\\n"
      "    # comment\n"
      "    curl && \\\n"
      "    echo done\n"
      "COPY --from=build <<EOF /dst\n"
      "hello\n"
      "EOF\n"
      "CMD [\"sh\", \"-c\", \"echo\"]\n"
      "HEALTHCHECK --interval=5s CMD curl -f http://localhost/\n";
  const std::vector<std::string> inserts{"",    "x",    "\n",    "\\\n", "\"", "[",
                                         "<<E", "RUN ", "# c\n", " ",    "=",  "E\n"};
  std::mt19937 rng(12345);
  Document doc(base);
  for (int i = 0; i < 300; ++i) {
    const auto size = static_cast<uint32_t>(doc.text().size());
    const uint32_t start = std::uniform_int_distribution<uint32_t>(0, size)(rng);
    const uint32_t len = std::uniform_int_distribution<uint32_t>(0, 4)(rng);
    const std::string& ins =
        inserts[std::uniform_int_distribution<std::size_t>(0, inserts.size() - 1)(rng)];
    doc.edit(start, start + len, ins);
    INFO("edit " << i << " text:\n" << doc.text());
    REQUIRE(print_sexp(doc) == print_sexp(Document(doc.text())));
    if (doc.text().size() > 4000) doc = Document(base);
  }
}

}  // namespace
}  // namespace whalesafe::syntax
