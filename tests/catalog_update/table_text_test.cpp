// Reading table text back (the cache format): damaged text gives an error naming the line,
// never an exception or a half-read table.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "catalog/table.h"
#include "shared_input.h"

namespace catalog = whalesafe::catalog;

namespace {

const std::string& committed() {
  static const std::string text = whalesafe::test::read_text(
      std::filesystem::path(WHALESAFE_SOURCE_DIR) / "analysis/catalog/catalog_data.inc");
  return text;
}

// The committed text with the first occurrence of `from` replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = committed();
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  const catalog::TableParse parse = catalog::parse_table_text(text);
  CHECK_FALSE(parse.table.has_value());
  return parse.error;
}

}  // namespace

TEST_CASE("damaged table text is rejected with the line and the reason") {
  CHECK(error_of("") == "line 0: missing section 'constexpr SourceRow kSources[] = {'");
  CHECK(error_of("hello\n") == "line 1: expected the next table section");
  CHECK_THAT(error_of(committed().substr(0, committed().find('\n', committed().size() / 2) + 1)),
             Catch::Contains("unterminated table section"));
  CHECK_THAT(error_of(committed().substr(0, committed().size() / 2)),
             Catch::Contains("not a table row"));
  CHECK_THAT(error_of(edited("EntryVariant::slim", "EntryVariant::tiny")),
             Catch::Contains("unknown variant 'EntryVariant::tiny'"));
  CHECK_THAT(error_of(edited("ImageListing::removed", "ImageListing::gone")),
             Catch::Contains("unknown listing"));
  CHECK_THAT(error_of(edited("{\"adminer\", EntryVariant", "{\"nosuchimage\", EntryVariant")),
             Catch::Contains("entry of 'nosuchimage', which is not an image file"));
  CHECK_THAT(error_of(edited("\"2026-08-21T16:53:11-07:00\"", "\"yesterday\"")),
             Catch::Contains("line 8: commit time has no valid date"));
  CHECK_THAT(error_of(edited("{\"adminer\", Entry", "{\"admi\\9er\", Entry")),
             Catch::Contains("bad escape in string literal"));
  CHECK_THAT(error_of(edited("EntryVariant::regular, \"4", "EntryVariant::regular, \" 4")),
             Catch::Contains("is not a list of tags or names"));
  CHECK_THAT(error_of(edited("{\"adminer\", Entry", "{\"adminer, Entry")),
             Catch::Contains("expected ', ' between values"));
  CHECK_THAT(error_of(edited("constexpr CycleRow kCycles[] = {", "constexpr CycleRow kX[] = {")),
             Catch::Contains("expected the next table section"));
  CHECK_THAT(error_of(edited("{\"debian\", \"Debian\", ", "{\"debian\", \"\", ")),
             Catch::Contains("empty product or title"));
  CHECK_THAT(error_of(edited("{\"debian\", \"Debian\", ", "{\"debiam\", \"Debian\", ")),
             Catch::Contains("cycle of 'debian', which is not a product"));
  CHECK_THAT(error_of(edited("\"2026-07-11\", \"2028-06-30\"", "\"2026-07-11\", \"later\"")),
             Catch::Contains("eoes is neither a date nor true/false"));
  // A cache written before products and extended support were kept: 7 values per cycle.
  CHECK_THAT(error_of(edited("\"2026-07-11\", \"2028-06-30\", ", "\"2026-07-11\", ")),
             Catch::Contains("expected 8 values, found 7"));
  // A structurally valid table with an empty section is no catalog either.
  const std::size_t cycles = committed().find("constexpr CycleRow kCycles[] = {\n");
  const std::size_t end = committed().find("};\n", cycles);
  std::string no_cycles = committed();
  no_cycles.erase(cycles + 33, end - cycles - 33);
  CHECK(error_of(no_cycles).ends_with("no release cycles"));
}

TEST_CASE("random damage never throws; whatever still reads is a valid table") {
  std::mt19937 random(20261123);
  const std::string& text = committed();
  int accepted = 0;
  for (int round = 0; round < 300; ++round) {
    std::string damaged = text;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % damaged.size();
      switch (random() % 3) {
        case 0:
          damaged[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          damaged.erase(at, 1 + random() % 40);
          break;
        default:
          damaged.resize(at);
          break;
      }
    }
    catalog::TableParse parse;
    REQUIRE_NOTHROW(parse = catalog::parse_table_text(damaged));
    CHECK(parse.table.has_value() != !parse.error.empty());
    if (parse.table) {
      // Damage inside a string or a comment can leave a valid table: it must still be the
      // text it was read from.
      ++accepted;
      const std::string rendered = catalog::render_table_text(*parse.table);
      CHECK(catalog::parse_table_text(rendered).table.has_value());
    }
  }
  CHECK(accepted < 300);
}
