// Derives a catalog Table from upstream files held in memory: the C++ twin of
// scripts/derive-catalog.py, used by `whalesafe catalog update` (which fetches the files; this
// only reads text). Fed the same files, both give byte-identical tables (catalog_update.derive
// checks this on the shared snapshot), so a change to one must be made to the other.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/table.h"

namespace whalesafe::catalog {

struct NamedText {
  std::string name;  // library file name (the image), or product file name without ".md"
  std::string text;
};

struct DeriveInput {
  struct Source {
    std::string repository;   // "docker-library/official-images"
    std::string commit;       // 40 hex digits
    std::string commit_time;  // ISO 8601, starting with the date
  };
  std::vector<Source> sources;                 // official-images first, then endoflife.date
  std::vector<NamedText> library;              // every official-images library/ file
  std::vector<NamedText> products;             // endoflife.date products/<name>.md files
  std::vector<data::ImageProductRow> mapping;  // image -> products; listing is recomputed
};

// What is wrong with the input: "library/python: line is not 'Field: value': ...".
class DeriveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The table derive-catalog.py would write. An image whose listing disagrees with the library
// is marked listed or removed as the library says (upstream dropped or added it since this
// program was built); a mapped product missing from `products` is an error. Throws
// DeriveError.
Table derive_table(const DeriveInput& input);

// One product file (name = file name without ".md"): its product row (readable name, name of
// its extended support) and its release cycles in file order. Exposed for tests. Throws
// DeriveError.
struct ProductFile {
  data::ProductRow product;
  std::vector<data::CycleRow> cycles;
};
ProductFile read_product_file(Table& table, const NamedText& product);

}  // namespace whalesafe::catalog
