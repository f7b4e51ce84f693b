// BuildKit's inline Go tests, transcribed as data: shared/conformance/buildkit-parser-inline.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/heredocs.h"
#include "syntax/syntax_errors.h"
#include "syntax/tree_util.h"
#include "test_support.h"

namespace whalesafe::syntax {
namespace {

using testing::read_file;
using testing::shared_path;

void check_heredocs(const std::filesystem::path& dir) {
  const Document doc(read_file(dir / "Dockerfile"));
  const std::vector<Diagnostic> diagnostics = syntax_diagnostics(doc);
  for (const Diagnostic& d : diagnostics) {
    INFO(doc.line_col(d.start_byte).line << ":" << doc.line_col(d.start_byte).column << ": "
                                         << d.message);
    CHECK(d.severity != Severity::kError);
  }
  const std::vector<TSNode> instructions = top_level_instructions(doc.root());
  const nlohmann::json expected = nlohmann::json::parse(read_file(dir / "expected-heredocs.json"));
  for (const nlohmann::json& entry : expected.at("expected")) {
    const auto index = entry.at("ast_child_index").get<std::size_t>();
    INFO("AST child " << index << ": " << entry.value("go_test_comment", ""));
    REQUIRE(index < instructions.size());
    const std::vector<Heredoc> got = heredocs_of(doc, instructions[index]);
    const nlohmann::json& want = entry.at("heredocs");
    if (want.is_null()) {
      CHECK(got.empty());
      continue;
    }
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO("heredoc " << i);
      CHECK(got[i].name == want[i].at("Name").get<std::string>());
      CHECK(got[i].file_descriptor == want[i].at("FileDescriptor").get<uint32_t>());
      CHECK(got[i].expand == want[i].at("Expand").get<bool>());
      CHECK(got[i].chomp == want[i].at("Chomp").get<bool>());
      CHECK(got[i].content == want[i].at("Content").get<std::string>());
    }
  }
}

TEST_CASE("heredoc-extract: heredocs per instruction", "[conformance][heredoc]") {
  const auto dir = shared_path("conformance/buildkit-parser-inline/heredoc-extract");
  if (!dir) return;
  check_heredocs(*dir);
}

TEST_CASE("heredoc-json-form: JSON form never starts a heredoc", "[conformance][heredoc]") {
  const auto dir = shared_path("conformance/buildkit-parser-inline/heredoc-json-form");
  if (!dir) return;
  check_heredocs(*dir);
}

TEST_CASE("empty-continuation-warnings", "[conformance][warnings]") {
  const auto dir = shared_path("conformance/buildkit-parser-inline/empty-continuation-warnings");
  if (!dir) return;
  const Document doc(read_file(*dir / "Dockerfile"));
  const std::vector<Diagnostic> diagnostics = syntax_diagnostics(doc);
  CHECK_FALSE(has_errors(diagnostics));
  std::vector<Diagnostic> warnings;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kWarning) warnings.push_back(d);
  }
  const nlohmann::json expected = nlohmann::json::parse(read_file(*dir / "expected-warnings.json"));
  const nlohmann::json& want = expected.at("expected_warnings");
  REQUIRE(warnings.size() == want.size());
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    INFO("warning " << i << ": " << warnings[i].message);
    CHECK(warnings[i].code == std::string(diagnostic_code::kEmptyContinuation));
    for (const nlohmann::json& part : want[i].at("contains")) {
      CHECK_THAT(warnings[i].message, Catch::Contains(part.get<std::string>()));
    }
  }
  CHECK_THAT(warnings[0].detail,
             Catch::Contains(expected.at("detail_of_first_warning_contains").get<std::string>()));
  // Positioned on the first blank line inside each continuation: the line after the
  // instruction's first line.
  const std::string& text = doc.text();
  for (const auto& [index, first_line] :
       {std::pair<std::size_t, std::string_view>{0, "RUN something \\\n"},
        std::pair<std::size_t, std::string_view>{1, "RUN another \\\n"}}) {
    const std::size_t at = text.find(first_line);
    REQUIRE(at != std::string::npos);
    CHECK(warnings[index].start_byte == at + first_line.size());
  }
}

}  // namespace
}  // namespace whalesafe::syntax
