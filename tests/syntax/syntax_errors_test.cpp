// Syntax diagnostics: positions come from '^' marker lines in the test sources.
#include "syntax/syntax_errors.h"

#include <catch2/catch.hpp>
#include <string>

#include "syntax/document.h"
#include "test_support.h"

namespace whalesafe::syntax {
namespace {

using testing::marked;

std::vector<Diagnostic> errors_of(const Document& doc) {
  std::vector<Diagnostic> out;
  for (Diagnostic& d : syntax_diagnostics(doc)) {
    if (d.severity == Severity::kError) out.push_back(std::move(d));
  }
  return out;
}

std::string listing(const Document& doc, const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    const LineCol at = doc.line_col(d.start_byte);
    out += std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message + "\n";
  }
  return out;
}

TEST_CASE("valid files have no diagnostics", "[errors]") {
  const Document doc("FROM alpine\nRUN echo hi\n");
  CHECK(syntax_diagnostics(doc).empty());
}

TEST_CASE("file with no instructions", "[errors]") {
  for (const char* text : {"", "\n\n", "# just a comment\n", "# syntax=x\n\n# c\n"}) {
    const Document doc(text);
    const auto errors = errors_of(doc);
    INFO(listing(doc, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "file with no instructions");
    CHECK(errors[0].code == std::string(diagnostic_code::kNoInstructions));
  }
}

TEST_CASE("directive errors are positioned on their line", "[errors]") {
  const auto m = marked(
      "# escape=`\n"
      "# escape=\\\n"
      "^\n"
      "FROM a\n");
  const Document doc(m.text);
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "only one escape parser directive can be used");
  CHECK(doc.line_col(errors[0].start_byte) == m.marks.at(0));
}

TEST_CASE("JSON arrays of non-strings are errors", "[errors]") {
  const auto m = marked(
      "FROM alpine\n"
      "CMD [ \"echo\", [ \"nested json\" ] ]\n"
      "^\n");
  const Document doc(m.text);
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "when using JSON array syntax, arrays must be comprised of strings only");
  CHECK(doc.line_col(errors[0].start_byte) == m.marks.at(0));
}

TEST_CASE("ENV without a value", "[errors]") {
  const auto m = marked(
      "FROM busybox\n"
      "ENV PATH\n"
      "^\n");
  const Document doc(m.text);
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(doc.line_col(errors[0].start_byte).line == m.marks.at(0).line);
}

TEST_CASE("FROM without an image", "[errors]") {
  const auto m = marked(
      "FROM\n"
      "^\n"
      "RUN x\n");
  const Document doc(m.text);
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].message == "expected an image after FROM");
  CHECK(doc.line_col(errors[0].start_byte).line == m.marks.at(0).line);
}

TEST_CASE("unexpected text is quoted in the message", "[errors]") {
  const auto m = marked(
      "FROM alpine\n"
      "=oops\n"
      "^\n");
  const Document doc(m.text);
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].message.rfind("unexpected '=", 0) == 0);
  CHECK(doc.line_col(errors[0].start_byte) == m.marks.at(0));
}

TEST_CASE("unterminated heredoc", "[errors]") {
  const Document doc("FROM alpine\nRUN <<EOF\necho hi\n");
  const auto errors = errors_of(doc);
  INFO(listing(doc, errors));
  REQUIRE_FALSE(errors.empty());
}

TEST_CASE("empty continuation lines warn", "[errors][warnings]") {
  const auto m = marked(
      "FROM alpine\n"
      "RUN a \\\n"
      "\n"
      "^\n"
      "  b\n");
  const Document doc(m.text);
  const auto diagnostics = syntax_diagnostics(doc);
  INFO(listing(doc, diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == Severity::kWarning);
  CHECK(diagnostics[0].message == "Empty continuation line found in: RUN a   b");
  CHECK(doc.line_col(diagnostics[0].start_byte) == m.marks.at(0));
}

TEST_CASE("marker helper", "[support]") {
  const auto m = marked("ab\n ^\ncd\n");
  CHECK(m.text == "ab\ncd\n");
  REQUIRE(m.marks.size() == 1);
  CHECK(m.marks[0] == LineCol{1, 2});
}

}  // namespace
}  // namespace whalesafe::syntax
