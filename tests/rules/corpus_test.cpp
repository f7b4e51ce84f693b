// Every rule over the shared corpus of real Dockerfiles: no crash, no syntax-error, and every
// finding's range inside its file. Skipped (with a message) when the corpus is missing, except
// in CI (CI=true), where that is a failure.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "rules/runner.h"
#include "support.h"
#include "syntax/document.h"

TEST_CASE("all rules over the shared corpus", "[corpus]") {
  const std::filesystem::path dir = std::filesystem::path(WHALESAFE_SHARED_DIR) / "corpus";
  if (!std::filesystem::is_directory(dir)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL("corpus missing: " << dir);
    std::cout << "SKIPPED: corpus missing: " << dir << "\n";
    return;
  }
  std::size_t files = 0;
  std::size_t findings = 0;
  const auto selection = whalesafe::rules::RuleSelection::all();
  // The shellcheck program on 715 files takes most of a minute: shellcheck_test.cpp covers it.
  whalesafe::rules::RuleSettings settings;
  settings.shellcheck = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "MANIFEST.tsv" || name == "README.md") continue;
    const std::optional<std::string> text = whalesafe::testing::read_file(entry.path().string());
    REQUIRE(text.has_value());
    const whalesafe::syntax::Document doc(*text);
    const auto ds = whalesafe::rules::check_document(doc, selection, settings);
    ++files;
    findings += ds.size();
    for (const auto& d : ds) {
      INFO(name << ": " << d.rule << ": " << d.message);
      CHECK(d.rule != "syntax-error");
      CHECK(d.start_byte <= d.end_byte);
      CHECK(d.end_byte <= text->size());
    }
  }
  CHECK(files >= 700);
  std::cout << "corpus: " << files << " files, " << findings << " findings\n";
}
