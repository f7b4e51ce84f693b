// The user's catalog cache: where `whalesafe catalog update` writes a refreshed table and
// where every run looks for one. $XDG_CACHE_HOME/whalesafe/catalog_data.inc, or
// ~/.cache/whalesafe/catalog_data.inc when XDG_CACHE_HOME is unset, empty or relative (the
// XDG base directory rules). The file is catalog_data.inc's format (docs/catalog.md).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>

namespace whalesafe::cli {

// nullopt when neither XDG_CACHE_HOME nor HOME gives a place.
std::optional<std::filesystem::path> catalog_cache_path();

// Makes the catalog answer from the cache when it exists, reads as a valid table and is not
// older than the compiled-in snapshot. A cache that does not read is reported on `warnings`
// and ignored. Call once, before any catalog query (main() does).
void activate_catalog_cache(std::ostream& warnings);

// The `--version` line: the snapshot date in use and where it comes from.
void print_catalog_version(std::ostream& out);

}  // namespace whalesafe::cli
