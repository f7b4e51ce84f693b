#include "catalog/table.h"

#include <algorithm>

namespace whalesafe::catalog {

std::string_view Table::keep(std::string text) { return strings_.emplace_back(std::move(text)); }

Table compiled_table() {
  Table table;
  const auto append = [](auto& to, auto from) { to.assign(from.begin(), from.end()); };
  append(table.sources, data::compiled_sources());
  append(table.image_files, data::compiled_image_files());
  append(table.entries, data::compiled_entries());
  append(table.products, data::compiled_products());
  append(table.cycles, data::compiled_cycles());
  append(table.image_products, data::compiled_image_products());
  return table;
}

std::optional<Date> table_snapshot_date(const Table& table) {
  std::optional<Date> oldest;
  for (const data::SourceRow& row : table.sources) {
    const std::optional<Date> date = Date::parse(row.commit_time);
    if (!date) return std::nullopt;
    oldest = oldest ? std::min(*oldest, *date) : *date;
  }
  return oldest;
}

}  // namespace whalesafe::catalog
