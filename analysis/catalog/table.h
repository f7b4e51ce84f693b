// A catalog table held at run time: the same rows as the compiled-in catalog_data.inc, with
// their text owned by the table. `whalesafe catalog update` derives one from upstream files
// (derive.h) and writes it with render_table_text(); later runs read it back with
// parse_table_text() and install it with use_table() instead of the compiled-in rows.
//
// The file format is catalog_data.inc's own (C++ aggregate initialisers, one row a line), so
// a cache file and the committed table can be compared byte for byte.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_rows.h"
#include "catalog/date.h"

namespace whalesafe::catalog {

class Table {
 public:
  Table() = default;
  Table(Table&&) = default;  // deque moves keep element addresses: views stay valid
  Table& operator=(Table&&) = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // Stores `text` in the table and returns a view of it that lives as long as the table.
  std::string_view keep(std::string text);

  std::vector<data::SourceRow> sources;
  std::vector<std::string_view> image_files;
  std::vector<data::EntryRow> entries;
  std::vector<data::ProductRow> products;
  std::vector<data::CycleRow> cycles;
  std::vector<data::ImageProductRow> image_products;

 private:
  std::deque<std::string> strings_;
};

// The compiled-in rows as a Table (views into static storage).
Table compiled_table();

// The older of the sources' commit dates (nullopt if a source's date does not parse).
std::optional<Date> table_snapshot_date(const Table& table);

// The table as catalog_data.inc text, byte for byte what scripts/derive-catalog.py writes.
std::string render_table_text(const Table& table);

struct TableParse {
  std::optional<Table> table;  // set on success
  std::string error;           // "line N: what is wrong" on failure
};
// Reads catalog_data.inc text back and checks it is a usable table (sections present and in
// order, well-formed rows, dates, entries naming listed image files). Never throws.
TableParse parse_table_text(std::string_view text);

// Makes `table` the catalog's data for the rest of the program. Only possible before the
// first catalog query (the query indexes are built once): returns false afterwards.
bool use_table(Table table);
// Whether use_table() succeeded: the catalog answers from a run-time table.
bool using_run_time_table();

}  // namespace whalesafe::catalog
