// The row types of the generated table (catalog_data.inc, written by
// scripts/derive-catalog.py) and access to it. Internal to analysis/catalog: rules use the
// queries in catalog.h and eol.h. Lists inside a row are space-separated, in source order.
#pragma once

#include <span>
#include <string_view>

#include "catalog/tag.h"

namespace whalesafe::catalog::data {

using EntryVariant = Variant;

// Whether an image mapped to an EOL product still has a file in official-images/library/.
enum class ImageListing { listed, removed };

struct SourceRow {
  std::string_view repository;   // "docker-library/official-images"
  std::string_view commit;       // 40 hex digits
  std::string_view commit_time;  // ISO 8601 with offset, as in the shared README
};

struct EntryRow {
  std::string_view image;
  EntryVariant variant;
  std::string_view tags;         // aliases of one build
  std::string_view shared_tags;  // multi-platform tags this entry takes part in
  std::string_view architectures;
};

struct ProductRow {
  std::string_view product;        // endoflife.date file name without ".md"
  std::string_view title;          // readable name: "Node.js", "Red Hat Enterprise Linux"
  std::string_view extended_name;  // its name for extended support ("Debian LTS"), or ""
};

struct CycleRow {
  std::string_view product;  // endoflife.date file name without ".md"
  std::string_view cycle;    // releaseCycle, as written
  std::string_view codename;
  std::string_view release_date;  // "YYYY-MM-DD" or ""
  std::string_view eol;           // "YYYY-MM-DD", "true" or "false"
  std::string_view eoes;          // end of extended support: as eol, or "" (none)
  std::string_view latest;        // newest release of the cycle, or ""
  std::string_view lts;           // "true", "false", "YYYY-MM-DD" (becomes LTS then) or ""
};

struct ImageProductRow {
  std::string_view image;
  std::string_view products;  // comma-separated, tried in order
  ImageListing listing;
};

// The rows the catalog answers from: a run-time table when catalog::use_table() installed one
// (a refreshed cache), else the compiled-in table.
std::span<const SourceRow> sources();
std::span<const std::string_view> image_files();
std::span<const EntryRow> entries();
std::span<const ProductRow> products();
std::span<const CycleRow> cycles();
std::span<const ImageProductRow> image_products();

// Always the compiled-in table (catalog update takes its product list and mapping from it).
std::span<const SourceRow> compiled_sources();
std::span<const std::string_view> compiled_image_files();
std::span<const EntryRow> compiled_entries();
std::span<const ProductRow> compiled_products();
std::span<const CycleRow> compiled_cycles();
std::span<const ImageProductRow> compiled_image_products();

}  // namespace whalesafe::catalog::data
