// Compiles the generated table. Everything is constexpr string_views into static storage, so
// the catalog can hand out string_views that stay valid for the life of the program. A
// run-time table installed by use_table() is kept alive for the rest of the program too.
#include <atomic>
#include <memory>

#include "catalog/catalog_rows.h"
#include "catalog/table.h"

namespace whalesafe::catalog::data {
namespace {

#include "catalog/catalog_data.inc"

// Set once, before any query reads the rows; never freed (views into it are handed out).
const Table* g_run_time_table = nullptr;
// Becomes true at the first read: the query indexes are built from what was active then.
std::atomic<bool> g_rows_read{false};

const Table* active() {
  g_rows_read.store(true);
  return g_run_time_table;
}

}  // namespace

std::span<const SourceRow> compiled_sources() { return kSources; }
std::span<const std::string_view> compiled_image_files() { return kImageFiles; }
std::span<const EntryRow> compiled_entries() { return kEntries; }
std::span<const ProductRow> compiled_products() { return kProducts; }
std::span<const CycleRow> compiled_cycles() { return kCycles; }
std::span<const ImageProductRow> compiled_image_products() { return kImageProducts; }

std::span<const SourceRow> sources() {
  const Table* table = active();
  return table ? std::span<const SourceRow>(table->sources) : compiled_sources();
}
std::span<const std::string_view> image_files() {
  const Table* table = active();
  return table ? std::span<const std::string_view>(table->image_files) : compiled_image_files();
}
std::span<const EntryRow> entries() {
  const Table* table = active();
  return table ? std::span<const EntryRow>(table->entries) : compiled_entries();
}
std::span<const ProductRow> products() {
  const Table* table = active();
  return table ? std::span<const ProductRow>(table->products) : compiled_products();
}
std::span<const CycleRow> cycles() {
  const Table* table = active();
  return table ? std::span<const CycleRow>(table->cycles) : compiled_cycles();
}
std::span<const ImageProductRow> image_products() {
  const Table* table = active();
  return table ? std::span<const ImageProductRow>(table->image_products)
               : compiled_image_products();
}

}  // namespace whalesafe::catalog::data

namespace whalesafe::catalog {

bool use_table(Table table) {
  if (data::g_rows_read.load() || data::g_run_time_table != nullptr) return false;
  // Deliberately leaked: the catalog's string_views into it must outlive every caller.
  data::g_run_time_table = std::make_unique<Table>(std::move(table)).release();
  return true;
}

bool using_run_time_table() { return data::g_run_time_table != nullptr; }

}  // namespace whalesafe::catalog
