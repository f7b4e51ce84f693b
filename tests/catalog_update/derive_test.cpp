// The C++ deriver (analysis/catalog/derive.cpp) against the Python generator: fed the shared
// snapshot, it must write catalog_data.inc byte for byte. Also its input checks, and reading
// table text back (the cache format).
#include "catalog/derive.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "catalog/table.h"
#include "shared_input.h"

namespace catalog = whalesafe::catalog;
using whalesafe::test::read_text;

namespace {

const std::filesystem::path kShared = WHALESAFE_SHARED_DIR;
const std::filesystem::path kCommitted =
    std::filesystem::path(WHALESAFE_SOURCE_DIR) / "analysis/catalog/catalog_data.inc";

// False (and a SKIPPED line) when the shared data is missing; fails instead when CI=true.
bool have_shared() {
  if (std::filesystem::is_directory(kShared / "official-images/library") &&
      std::filesystem::is_directory(kShared / "eol/products")) {
    return true;
  }
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true") FAIL("shared data missing at " << kShared);
  std::cout << "SKIPPED: shared reference data missing at " << kShared << '\n';
  return false;
}

catalog::DeriveInput small_input() {
  catalog::DeriveInput input;
  input.sources.push_back({"docker-library/official-images",
                           "37079fb336f572a88700cf32e5e1f6be54a04e8f", "2026-08-21T16:53:11Z"});
  input.library.push_back({"demo",
                           "Maintainers: A <a@example.com>,\n  B <b@example.com>\n"
                           "Architectures: amd64, arm64v8\n\n"
                           "# Tags: 0.9\n"
                           "Tags: 1.2.3-alpine3.24, 1.2-alpine\nGitCommit: abc\n\n"
                           "Tags: 1.2.3-slim\r\nSharedTags: 1.2\r\nArchitectures: riscv64\r\n"});
  input.products.push_back({"demo",
                            "---\ntitle: Demo Server\n"
                            "eoesColumn: Demo  <abbr title=\"Long Term\">LTS</abbr> plan\n"
                            "releases:\n"
                            "  - releaseCycle: \"1.2\"\n    codename: Plain\n"
                            "    releaseDate: 2024-01-02\n    eol: false\n    latest: \"1.2.3\"\n"
                            "    lts: 2025-01-01\n    eoes: false\n"
                            "  - releaseCycle: \"1.1\"\n    releaseDate: 2023-01-02\n"
                            "    eol: yes\n    eoes: 2027-03-04\n    latest: \"1.1.9\"\n"
                            "---\n\n# Demo\n"});
  // No title (the file name stands in), eoesColumn only switched on.
  input.products.push_back({"other",
                            "---\neoesColumn: true\nreleases:\n  - releaseCycle: \"7\"\n"
                            "    eol: 2020-01-01\n---\n"});
  input.mapping.push_back({"demo", "demo", catalog::data::ImageListing::removed});
  return input;
}

}  // namespace

TEST_CASE("derived from the shared snapshot, the table is catalog_data.inc byte for byte") {
  if (!have_shared()) return;
  const catalog::Table table = catalog::derive_table(whalesafe::test::shared_input(kShared));
  const std::string committed = read_text(kCommitted);
  const std::string derived = catalog::render_table_text(table);
  REQUIRE(derived.size() == committed.size());
  CHECK(derived == committed);
  CHECK(table.image_files.size() == 144);
  CHECK(table.entries.size() == 2121);
  CHECK(table.cycles.size() == 1407);
  CHECK(table.products.size() == 87);
}

TEST_CASE("the compiled-in table renders to catalog_data.inc and reads back unchanged") {
  const std::string committed = read_text(kCommitted);
  CHECK(catalog::render_table_text(catalog::compiled_table()) == committed);
  catalog::TableParse parse = catalog::parse_table_text(committed);
  INFO(parse.error);
  REQUIRE(parse.table.has_value());
  CHECK(parse.table->entries.size() == catalog::data::compiled_entries().size());
  CHECK(catalog::render_table_text(*parse.table) == committed);
  // Codenames with non-ASCII text survive the octal escapes.
  bool found_non_ascii = false;
  for (const auto& row : parse.table->cycles) {
    for (const char c : row.codename) found_non_ascii = found_non_ascii || (c & 0x80) != 0;
  }
  CHECK(found_non_ascii);
}

TEST_CASE("a small input: paragraphs, comments, CRLF, inherited architectures, YAML types") {
  const catalog::Table table = catalog::derive_table(small_input());
  REQUIRE(table.entries.size() == 2);
  CHECK(table.entries[0].tags == "1.2.3-alpine3.24 1.2-alpine");
  CHECK(table.entries[0].variant == catalog::Variant::alpine);
  CHECK(table.entries[0].architectures == "amd64 arm64v8");
  CHECK(table.entries[1].variant == catalog::Variant::slim);
  CHECK(table.entries[1].shared_tags == "1.2");
  CHECK(table.entries[1].architectures == "riscv64");
  REQUIRE(table.products.size() == 2);
  CHECK(table.products[0].product == "demo");
  CHECK(table.products[0].title == "Demo Server");
  CHECK(table.products[0].extended_name == "Demo LTS plan");  // tags dropped, blanks collapsed
  CHECK(table.products[1].title == "other");
  CHECK(table.products[1].extended_name.empty());
  REQUIRE(table.cycles.size() == 3);
  CHECK(table.cycles[0].eoes == "false");
  CHECK(table.cycles[1].eoes == "2027-03-04");
  CHECK(table.cycles[2].eoes.empty());  // no extended support
  CHECK(table.cycles[0].eol == "false");
  CHECK(table.cycles[0].lts == "2025-01-01");
  CHECK(table.cycles[0].codename == "Plain");
  CHECK(table.cycles[1].eol == "true");  // YAML 1.1: yes is a boolean
  CHECK(table.cycles[1].lts.empty());
  REQUIRE(table.image_products.size() == 1);
  // The mapping said removed, but the library has the file: the library wins.
  CHECK(table.image_products[0].listing == catalog::data::ImageListing::listed);
  CHECK(catalog::table_snapshot_date(table)->to_string() == "2026-08-21");
}

TEST_CASE("the deriver rejects what the script rejects") {
  const auto rejects = [](catalog::DeriveInput input, const std::string& message) {
    try {
      catalog::derive_table(input);
      FAIL("accepted; expected: " << message);
    } catch (const catalog::DeriveError& e) {
      CHECK_THAT(e.what(), Catch::Contains(message));
    }
  };
  catalog::DeriveInput input = small_input();
  input.products[0].text = "---\nreleases:\n  - releaseCycle: 3.10\n    eol: false\n---\n";
  rejects(input, "releaseCycle 3.10 is not a quoted string");
  input = small_input();
  input.products[0].text =
      "---\nreleases:\n  - releaseCycle: \"3\"\n    eol: \"2024-01-01\"\n---\n";
  rejects(input, "eol is neither a date nor a boolean");
  input = small_input();
  input.products[0].text = "<html>not found</html>";
  rejects(input, "products/demo.md: no YAML front matter");
  input = small_input();
  input.products[0].text = "---\nreleases: [\n---\n";
  rejects(input, "invalid YAML front matter");
  input = small_input();
  input.library[0].text = "Maintainers: x\n\nthis is not a field\n";
  rejects(input, "library/demo: line is not 'Field: value'");
  input = small_input();
  input.library[0].text = "Maintainers: x\n\nTags: a b\n";
  rejects(input, "unexpected character in tag a b");
  input = small_input();
  input.mapping[0].products = "demo,missing";
  rejects(input, "no product file missing.md");
  input = small_input();
  input.sources[0].commit = "master";
  rejects(input, "is not a 40-digit commit");
}
