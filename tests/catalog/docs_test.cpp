// docs/catalog.md: its examples table is run against the API, and its mapping table must be
// the compiled image -> product mapping.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "catalog/catalog.h"
#include "catalog/catalog_rows.h"
#include "catalog/eol.h"
#include "catalog/image_ref.h"

namespace catalog = whalesafe::catalog;

namespace {

std::string read_doc() {
  const std::filesystem::path path =
      std::filesystem::path(WHALESAFE_SOURCE_DIR) / "docs" / "catalog.md";
  std::ifstream in(path);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rows of the table between `<!-- name:begin -->` and `<!-- name:end -->`, each as its
// cells with surrounding blanks and backquotes removed (header and rule lines skipped).
std::vector<std::vector<std::string>> table(const std::string& doc, const std::string& name) {
  const std::size_t begin = doc.find("<!-- " + name + ":begin -->");
  const std::size_t end = doc.find("<!-- " + name + ":end -->");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(doc.substr(begin, end - begin));
  std::string line;
  std::size_t seen = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with("|")) continue;
    if (seen++ < 2) continue;  // header and |---|
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1) {
      std::string cell = line.substr(start, bar - start);
      std::erase(cell, '`');
      const std::size_t first = cell.find_first_not_of(' ');
      const std::size_t last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string describe(const std::optional<catalog::EolStatus>& status, catalog::Date today) {
  if (!status) return "-";
  const catalog::Cycle& cycle = status->cycle;
  std::string eol = "false";
  if (cycle.eol_kind == catalog::EolKind::ended) eol = "true";
  if (cycle.eol_date) eol = cycle.eol_date->to_string();
  return std::string(cycle.product) + " " + std::string(cycle.cycle) + ", eol " + eol + ", " +
         (cycle.past_eol(today) ? "past" : "supported");
}

template <typename T>
std::string or_dash(const std::optional<T>& value) {
  return value ? std::string(*value) : "-";
}

std::string or_dash(const std::optional<catalog::Alternative>& value) {
  return value ? std::string(value->tag) : "-";
}

// Runs one documented query on "image:tag" (or a bare image for latest_version).
std::string run(const std::string& query, const std::string& reference) {
  const catalog::Date today{2026, 11, 23};
  const catalog::ImageRef ref = catalog::split_reference(reference);
  const std::string tag = ref.effective_tag();
  if (query == "has_tag") return catalog::has_tag(ref.name, tag) ? "true" : "false";
  if (query == "pinned_tag") return or_dash(catalog::pinned_tag(ref.name, tag));
  if (query == "latest_version") {
    const auto latest = catalog::latest_version(ref.name);
    return latest ? latest->version + " (" + std::string(latest->pinned_tag) + ")" : "-";
  }
  if (query == "slim_alternative") return or_dash(catalog::slim_alternative(ref.name, tag));
  if (query == "alpine_alternative") return or_dash(catalog::alpine_alternative(ref.name, tag));
  if (query == "smaller_alternative") return or_dash(catalog::smaller_alternative(ref.name, tag));
  if (query == "eol_status") return describe(catalog::eol_status(ref.name, tag, today), today);
  if (query == "base_eol_status") {
    return describe(catalog::base_eol_status(ref.name, tag, today), today);
  }
  FAIL("docs/catalog.md: unknown query " << query);
  return "";
}

}  // namespace

TEST_CASE("docs/catalog.md examples hold", "[catalog][docs]") {
  const auto rows = table(read_doc(), "examples");
  REQUIRE(rows.size() >= 20);
  for (const auto& row : rows) {
    REQUIRE(row.size() == 3);
    INFO(row[0] << " " << row[1]);
    CHECK(run(row[0], row[1]) == row[2]);
  }
}

TEST_CASE("docs/catalog.md mapping table is the compiled mapping", "[catalog][docs]") {
  const auto rows = table(read_doc(), "mapping");
  const auto mapping = catalog::data::image_products();
  REQUIRE(rows.size() == mapping.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i << ": " << rows[i][0]);
    CHECK(rows[i][0] == mapping[i].image);
    std::string products = rows[i][1];
    std::erase(products, ' ');
    CHECK(products == mapping[i].products);
    const bool removed = mapping[i].listing == catalog::data::ImageListing::removed;
    CHECK((rows[i][2] == "removed from official-images") == removed);
  }
}
