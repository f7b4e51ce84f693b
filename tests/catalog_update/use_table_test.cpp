// use_table(): a run-time table replaces the compiled-in one for every query, but only before
// the first query (the query indexes are built once). Its own executable: this is process
// state, and the order of the two steps matters.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "catalog/derive.h"
#include "catalog/eol.h"
#include "catalog/table.h"

namespace catalog = whalesafe::catalog;

TEST_CASE("a run-time table answers every query; installing one late is refused") {
  catalog::DeriveInput input;
  input.sources.push_back({"docker-library/official-images",
                           "1111111111111111111111111111111111111111", "2026-11-20T10:00:00Z"});
  input.sources.push_back({"endoflife-date/endoflife.date",
                           "2222222222222222222222222222222222222222", "2026-11-21T10:00:00Z"});
  input.library.push_back({"python",
                           "Maintainers: x\n\nTags: 3.15.1-trixie, 3.15-trixie, 3.15, latest\n"
                           "Architectures: amd64\n\nTags: 3.15.1-slim-trixie, 3.15-slim\n"});
  input.products.push_back({"python",
                            "---\nreleases:\n  - releaseCycle: \"3.15\"\n    releaseDate: "
                            "2026-10-01\n    eol: 2031-10-31\n    latest: \"3.15.1\"\n---\n"});
  input.mapping.push_back({"python", "python", catalog::data::ImageListing::listed});

  REQUIRE(catalog::use_table(catalog::derive_table(input)));
  CHECK(catalog::using_run_time_table());
  CHECK(catalog::snapshot_date().to_string() == "2026-11-20");
  CHECK(catalog::has_tag("python", "3.15-slim"));
  CHECK_FALSE(catalog::has_tag("python", "3.14-slim"));  // in the compiled-in table only
  CHECK_FALSE(catalog::has_tag("node", "24"));
  CHECK(catalog::pinned_tag("python", "3.15") == "3.15.1-trixie");
  const auto status = catalog::eol_status("python", "3.15", *catalog::Date::parse("2026-11-23"));
  REQUIRE(status.has_value());
  CHECK(status->cycle.cycle == "3.15");

  // Too late now: the catalog has been queried.
  CHECK_FALSE(catalog::use_table(catalog::compiled_table()));
  CHECK_FALSE(catalog::has_tag("python", "3.14-slim"));
}
