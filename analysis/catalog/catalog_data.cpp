// Compiles the generated table. Everything is constexpr string_views into static storage, so
// the catalog can hand out string_views that stay valid for the life of the program.
#include "catalog/catalog_rows.h"

namespace whalesafe::catalog::data {
namespace {

#include "catalog/catalog_data.inc"

}  // namespace

std::span<const SourceRow> sources() { return kSources; }
std::span<const std::string_view> image_files() { return kImageFiles; }
std::span<const EntryRow> entries() { return kEntries; }
std::span<const CycleRow> cycles() { return kCycles; }
std::span<const ImageProductRow> image_products() { return kImageProducts; }

}  // namespace whalesafe::catalog::data
