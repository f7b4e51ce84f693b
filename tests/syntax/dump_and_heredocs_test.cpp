// BuildKit dump from the tree (continuations, escapes, ONBUILD, heredocs) and heredoc
// extraction, on small inline Dockerfiles.
#include <catch2/catch.hpp>
#include <string>

#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/heredocs.h"
#include "syntax/tree_print.h"
#include "syntax/tree_util.h"

namespace whalesafe::syntax {
namespace {

std::string dump(const std::string& text) {
  const Document doc(text);
  INFO(print_tree(doc));
  return buildkit_dump(doc);
}

TEST_CASE("dump joins continuation lines", "[dump]") {
  CHECK(dump("FROM a\nRUN echo hello \\\n  world\n") ==
        "(from \"a\")\n(run \"echo hello   world\")\n");
  CHECK(dump("FROM a\nRUN a \\\n# c\n\n  b\n") == "(from \"a\")\n(run \"a   b\")\n");
  CHECK(dump("FROM a\r\nRUN a \\\r\n b\r\n") == "(from \"a\")\n(run \"a  b\")\n");
  CHECK(dump("# escape=`\nFROM a\nRUN a `\n b\n") == "(from \"a\")\n(run \"a  b\")\n");
  CHECK(dump("FROM a\nRUN something \\") == "(from \"a\")\n(run \"something\")\n");
}

TEST_CASE("dump of heredoc instructions keeps the markers as args", "[dump][heredoc]") {
  CHECK(dump("FROM a\nRUN <<EOF\necho hi\nEOF\n") == "(from \"a\")\n(run \"<<EOF\")\n");
  CHECK(dump("FROM a\nCOPY <<A <<B /dst\na\nA\nb\nB\n") ==
        "(from \"a\")\n(copy \"<<A\" \"<<B\" \"/dst\")\n");
}

TEST_CASE("dump drops the BOM", "[dump]") {
  CHECK(dump("\xEF\xBB\xBF"
             "FROM a\n") == "(from \"a\")\n");
}

TEST_CASE("heredoc markers", "[heredoc]") {
  const HeredocMarker a = parse_heredoc_marker("<<EOF");
  CHECK(a.name == "EOF");
  CHECK(a.expand);
  CHECK_FALSE(a.chomp);
  CHECK(a.file_descriptor == 0);
  const HeredocMarker b = parse_heredoc_marker("3<<-'END'");
  CHECK(b.name == "END");
  CHECK_FALSE(b.expand);
  CHECK(b.chomp);
  CHECK(b.file_descriptor == 3);
  CHECK(parse_heredoc_marker("<<eo'f'").name == "eof");
  CHECK(parse_heredoc_marker("<<eo\\'f").name == "eo'f");
  CHECK(parse_heredoc_marker("<<eo\\'f").expand);
  CHECK(parse_heredoc_marker("<<'e'o\\'f").name == "eo'f");
  CHECK_FALSE(parse_heredoc_marker("<<'e'o\\'f").expand);
  CHECK(parse_heredoc_marker("<<\"a b\"").name == "a b");
  CHECK(parse_heredoc_marker("<<  EOF").name == "EOF");
  CHECK(parse_heredoc_marker("<<$EOF").name == "$EOF");
}

TEST_CASE("heredocs under ONBUILD", "[heredoc]") {
  const Document doc("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n");
  const std::vector<TSNode> instructions = top_level_instructions(doc.root());
  REQUIRE(instructions.size() == 2);
  const std::vector<Heredoc> docs = heredocs_of(doc, instructions[1]);
  INFO(print_tree(doc));
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].name == "EOF");
  CHECK(docs[0].content == "x\n");
}

TEST_CASE("tree printer shows fields, positions and leaf text", "[tree]") {
  const Document doc("FROM alpine\n");
  const std::string tree = print_tree(doc);
  CHECK(tree.rfind("source_file [1:1-2:1]\n", 0) == 0);
  CHECK(tree.find("  from_instruction [1:1-1:12]\n") != std::string::npos);
  CHECK(tree.find("keyword: \"FROM\" [1:1-1:5]") != std::string::npos);
  CHECK(tree.find("image_name [1:6-1:12] \"alpine\"") != std::string::npos);
  CHECK(print_sexp(doc).rfind("(source_file (from_instruction", 0) == 0);
}

}  // namespace
}  // namespace whalesafe::syntax
