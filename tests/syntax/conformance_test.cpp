// BuildKit parser conformance: shared/conformance/buildkit-parser (CASES.tsv) and
// shared/conformance/moby-builder-parser.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"
#include "syntax/tree_util.h"
#include "test_support.h"

namespace whalesafe::syntax {
namespace {

using testing::read_file;
using testing::shared_path;

struct Case {
  std::string name;
  std::string kind;
};

std::vector<Case> read_cases(const std::filesystem::path& tsv) {
  std::vector<Case> cases;
  std::istringstream in(read_file(tsv));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::istringstream fields(line);
    Case c;
    std::getline(fields, c.name, '\t');
    std::getline(fields, c.kind, '\t');
    cases.push_back(c);
  }
  return cases;
}

std::string describe(const Document& doc, const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    const LineCol at = doc.line_col(d.start_byte);
    out += std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message + "\n";
  }
  return out;
}

TEST_CASE("BuildKit parser fixtures", "[conformance][buildkit]") {
  const auto dir = shared_path("conformance/buildkit-parser");
  if (!dir) return;
  const std::vector<Case> cases = read_cases(*dir / "CASES.tsv");
  REQUIRE(cases.size() == 38);
  int positive = 0;
  int negative = 0;
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.kind << " " << c.name) {
      const Document doc(read_file(*dir / c.name / "Dockerfile"));
      const BuildkitParse parse = buildkit_parse(doc);
      const std::vector<Diagnostic> diagnostics = syntax_diagnostics(doc, parse);
      INFO("diagnostics:\n" << describe(doc, diagnostics));
      if (c.kind == "positive") {
        ++positive;
        CHECK_FALSE(has_errors(diagnostics));
        const std::string expected = read_file(*dir / c.name / "result");
        CHECK(buildkit_dump(parse) == expected);
      } else if (c.kind == "negative") {
        ++negative;
        CHECK(has_errors(diagnostics));
      } else {
        REQUIRE(c.kind == "line-numbers");
        CHECK_FALSE(has_errors(diagnostics));
        REQUIRE(parse.instructions.size() == 3);
        const std::vector<std::pair<uint32_t, uint32_t>> expected{{5, 5}, {11, 12}, {17, 31}};
        for (std::size_t i = 0; i < 3; ++i) {
          INFO("instruction " << i);
          CHECK(parse.instructions[i].line.start_row + 1 == expected[i].first);
          CHECK(parse.instructions[i].line.end_row + 1 == expected[i].second);
        }
      }
    }
  }
}

TEST_CASE("BuildKit negative fixtures give BuildKit's reasons", "[conformance][buildkit]") {
  const auto dir = shared_path("conformance/buildkit-parser");
  if (!dir) return;
  const std::vector<std::pair<std::string, std::string>> expected{
      {"empty_dockerfile", "file with no instructions"},
      {"only_comments", "file with no instructions"},
      {"env_no_value", ""},  // the grammar or BuildKit's "ENV must have two arguments"
      {"shykes-nested-json", ""},
  };
  for (const auto& [name, message] : expected) {
    DYNAMIC_SECTION(name) {
      const Document doc(read_file(*dir / name / "Dockerfile"));
      const std::vector<Diagnostic> diagnostics = syntax_diagnostics(doc);
      INFO(describe(doc, diagnostics));
      REQUIRE(has_errors(diagnostics));
      if (!message.empty()) CHECK(diagnostics.front().message == message);
    }
  }
}

TEST_CASE("moby legacy escape-nonewline is rejected like BuildKit does", "[conformance][moby]") {
  const auto dir = shared_path("conformance/moby-builder-parser/escape-nonewline");
  if (!dir) return;
  const Document doc(read_file(*dir / "Dockerfile"));
  const std::vector<Diagnostic> diagnostics = syntax_diagnostics(doc);
  INFO(describe(doc, diagnostics));
  REQUIRE(has_errors(diagnostics));
  const auto it = std::find_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.code == std::string(diagnostic_code::kDirective);
  });
  REQUIRE(it != diagnostics.end());
  CHECK(it->message == "invalid escape token '``' does not match ` or \\");
  CHECK(doc.line_col(it->start_byte) == LineCol{1, 1});
}

}  // namespace
}  // namespace whalesafe::syntax
