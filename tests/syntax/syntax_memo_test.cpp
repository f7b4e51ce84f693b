// SyntaxMemo: the syntax diagnostics of a document's versions, kept per instruction, are those
// syntax_diagnostics gives for each version (the corpus-wide comparison after random edits is
// in tests/rules/instruction_memo_test.cpp).
#include "syntax/syntax_memo.h"

#include <catch2/catch.hpp>
#include <string>

#include "syntax/document.h"

namespace whalesafe::syntax {
namespace {

std::string described(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) {
    out += d.code + " [" + std::to_string(d.start_byte) + "," + std::to_string(d.end_byte) + ") " +
           d.message + "\n";
  }
  return out;
}

TEST_CASE("the syntax memo reuses unchanged instructions and agrees with a fresh analysis",
          "[unit][memo]") {
  Document doc(
      "FROM debian:12\n"
      "ENV A=\"open\n"
      "RUN echo a \\\n"
      "\n"
      "    && echo b\n"
      "LABEL x=1\n");
  SyntaxMemo memo;
  const std::string first = described(memo.diagnostics(doc));
  CHECK(first == described(syntax_diagnostics(doc)));
  // An open quote and an empty continuation line.
  CHECK(first.find("unterminated-string") != std::string::npos);
  CHECK(first.find("empty-continuation") != std::string::npos);
  CHECK(memo.stats().misses == 4);

  doc.edit(0, 0, "# moved\n");  // every instruction moves; none changes
  CHECK(described(memo.diagnostics(doc)) == described(syntax_diagnostics(doc)));
  CHECK(memo.stats().misses == 4);
  CHECK(memo.stats().hits == 4);

  const auto at = static_cast<uint32_t>(doc.text().find("open"));
  doc.edit(at + 4, at + 4, "\"");  // the quote is closed: only the ENV is analysed again
  const std::string fixed = described(memo.diagnostics(doc));
  CHECK(fixed == described(syntax_diagnostics(doc)));
  CHECK(fixed.find("unterminated-string") == std::string::npos);
  CHECK(fixed.find("empty-continuation") != std::string::npos);
  CHECK(memo.stats().misses == 5);
  CHECK(memo.stats().hits == 7);
}

TEST_CASE("a tree with errors is analysed whole", "[unit][memo]") {
  const Document doc("FROM debian:12\nENV A\n");
  SyntaxMemo memo;
  CHECK(described(memo.diagnostics(doc)) == described(syntax_diagnostics(doc)));
  CHECK(memo.stats().whole == 1);
  CHECK(memo.stats().misses == 0);
}

}  // namespace
}  // namespace whalesafe::syntax
