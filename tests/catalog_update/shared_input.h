// Reads the shared official-images and endoflife.date snapshots from disk into a DeriveInput,
// the way `whalesafe catalog update` gets them over HTTP (for tests only).
#pragma once

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "catalog/derive.h"

namespace whalesafe::test {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The "| Commit |" and "| Commit date |" rows of a shared folder's README.
inline catalog::DeriveInput::Source read_source(const std::filesystem::path& readme,
                                                std::string repository) {
  const std::string text = read_text(readme);
  std::smatch commit;
  std::smatch date;
  std::regex_search(text, commit, std::regex("\\| Commit \\| `([0-9a-f]{40})` \\|"));
  std::regex_search(text, date, std::regex("\\| Commit date \\| ([0-9T:+-]+) "));
  return {std::move(repository), commit[1].str(), date[1].str()};
}

inline catalog::DeriveInput shared_input(const std::filesystem::path& shared) {
  catalog::DeriveInput input;
  input.sources.push_back(
      read_source(shared / "official-images/README.md", "docker-library/official-images"));
  input.sources.push_back(read_source(shared / "eol/README.md", "endoflife-date/endoflife.date"));
  for (const auto& file : std::filesystem::directory_iterator(shared / "official-images/library")) {
    input.library.push_back({file.path().filename().string(), read_text(file.path())});
  }
  for (const auto& file : std::filesystem::directory_iterator(shared / "eol/products")) {
    if (file.path().extension() != ".md") continue;
    input.products.push_back({file.path().stem().string(), read_text(file.path())});
  }
  const auto mapping = catalog::data::compiled_image_products();
  input.mapping.assign(mapping.begin(), mapping.end());
  return input;
}

}  // namespace whalesafe::test
