// derive_table(): official-images library files and endoflife.date product files -> Table,
// step for step as scripts/derive-catalog.py does it (see that script for the reasons behind
// each rule; docs/catalog.md for the format of the sources).
#include "catalog/derive.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whalesafe::catalog {
namespace {

using Field = std::pair<std::string, std::string>;
using Paragraph = std::vector<Field>;

// Characters allowed in tags, image names and architectures (as the script's TOKEN_RE).
bool is_token(std::string_view text) {
  static const std::regex kToken("[A-Za-z0-9_.][A-Za-z0-9_.-]*");
  return std::regex_match(text.begin(), text.end(), kToken);
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Python's text-mode reading: \r\n and lone \r are line ends too.
std::vector<std::string_view> split_lines(std::string_view text, std::string& storage) {
  storage.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      storage += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      storage += text[i];
    }
  }
  std::vector<std::string_view> lines;
  std::string_view rest = storage;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return lines;
}

// RFC 2822-style paragraphs: comment lines dropped first, blank lines split, indented lines
// continue the field above.
std::vector<Paragraph> read_paragraphs(const NamedText& file) {
  const std::string where = "library/" + file.name;
  std::string storage;
  std::vector<Paragraph> paragraphs;
  Paragraph current;
  for (const std::string_view line : split_lines(file.text, storage)) {
    if (line.starts_with("#")) continue;
    if (trim(line).empty()) {
      if (!current.empty()) paragraphs.push_back(std::exchange(current, {}));
    } else if (line[0] == ' ' || line[0] == '\t') {
      if (current.empty()) {
        throw DeriveError(where + ": continuation line without a field: " + std::string(line));
      }
      current.back().second += " ";
      current.back().second += trim(line);
    } else {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        throw DeriveError(where + ": line is not 'Field: value': " + std::string(line));
      }
      current.emplace_back(std::string(trim(line.substr(0, colon))),
                           std::string(trim(line.substr(colon + 1))));
    }
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return paragraphs;
}

// Later duplicates win, as in Python's dict(paragraph).
const std::string* field(const Paragraph& paragraph, std::string_view name) {
  const std::string* found = nullptr;
  for (const Field& f : paragraph) {
    if (f.first == name) found = &f.second;
  }
  return found;
}

std::vector<std::string> split_list(std::string_view value, const std::string& where,
                                    const char* what) {
  std::vector<std::string> items;
  while (true) {
    const std::size_t comma = std::min(value.find(','), value.size());
    const std::string_view item = trim(value.substr(0, comma));
    if (!item.empty()) {
      if (!is_token(item)) {
        throw DeriveError(where + ": unexpected character in " + what + " " + std::string(item));
      }
      items.emplace_back(item);
    }
    if (comma == value.size()) return items;
    value.remove_prefix(comma + 1);
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ' ';
    out += item;
  }
  return out;
}

// windows > alpine > slim > regular, as the script's classify().
Variant classify(const std::vector<std::string>& tags,
                 const std::vector<std::string>& architectures) {
  if (!architectures.empty() &&
      std::all_of(architectures.begin(), architectures.end(),
                  [](const std::string& a) { return a.starts_with("windows-"); })) {
    return Variant::windows;
  }
  static const std::regex kAlpineWord("alpine(\\d+(\\.\\d+)*)?");
  bool alpine = false;
  bool slim = false;
  for (const std::string& tag : tags) {
    std::string_view rest = tag;
    while (true) {
      const std::size_t dash = std::min(rest.find('-'), rest.size());
      const std::string word(rest.substr(0, dash));
      alpine = alpine || std::regex_match(word, kAlpineWord);
      slim = slim || word == "slim";
      if (dash == rest.size()) break;
      rest.remove_prefix(dash + 1);
    }
  }
  if (alpine) return Variant::alpine;
  return slim ? Variant::slim : Variant::regular;
}

void read_library_file(Table& table, const NamedText& file) {
  const std::string where = "library/" + file.name;
  const std::vector<Paragraph> paragraphs = read_paragraphs(file);
  if (paragraphs.empty()) throw DeriveError(where + ": empty file");
  const Paragraph& global = paragraphs.front();
  if (field(global, "Tags") != nullptr) {
    throw DeriveError(where + ": the first (global) paragraph carries Tags");
  }
  const std::string_view image = table.keep(file.name);
  for (std::size_t i = 1; i < paragraphs.size(); ++i) {
    const Paragraph& paragraph = paragraphs[i];
    const std::string* tags_value = field(paragraph, "Tags");
    if (tags_value == nullptr) continue;
    // Architectures falls back to the global paragraph, then to bashbrew's amd64.
    const std::string* arch = field(paragraph, "Architectures");
    if (arch == nullptr) arch = field(global, "Architectures");
    const std::string arch_value = arch != nullptr ? *arch : "amd64";
    const std::string* shared_value = field(paragraph, "SharedTags");
    const std::vector<std::string> tags = split_list(*tags_value, where, "tag");
    const std::vector<std::string> shared =
        split_list(shared_value != nullptr ? *shared_value : "", where, "shared tag");
    const std::vector<std::string> architectures = split_list(arch_value, where, "architecture");
    table.entries.push_back(data::EntryRow{image, classify(tags, architectures),
                                           table.keep(join(tags)), table.keep(join(shared)),
                                           table.keep(join(architectures))});
  }
}

void read_source(Table& table, const DeriveInput::Source& source) {
  static const std::regex kCommit("[0-9a-f]{40}");
  static const std::regex kTime("\\d{4}-\\d\\d-\\d\\dT[0-9:+Z-]+");
  if (!std::regex_match(source.commit, kCommit) || !std::regex_match(source.commit_time, kTime) ||
      !Date::parse(source.commit_time)) {
    throw DeriveError(source.repository + ": commit '" + source.commit + "' / date '" +
                      source.commit_time + "' is not a 40-digit commit and an ISO 8601 time");
  }
  table.sources.push_back(data::SourceRow{table.keep(source.repository), table.keep(source.commit),
                                          table.keep(source.commit_time)});
}

template <typename Named>
std::vector<const Named*> sorted_by_name(const std::vector<Named>& items, const char* what) {
  std::vector<const Named*> sorted;
  for (const Named& item : items) sorted.push_back(&item);
  std::sort(sorted.begin(), sorted.end(),
            [](const Named* a, const Named* b) { return a->name < b->name; });
  const auto same = [](const Named* a, const Named* b) { return a->name == b->name; };
  if (const auto dup = std::adjacent_find(sorted.begin(), sorted.end(), same);
      dup != sorted.end()) {
    throw DeriveError(std::string("two ") + what + " named " + (*dup)->name);
  }
  return sorted;
}

}  // namespace

Table derive_table(const DeriveInput& input) {
  Table table;
  for (const DeriveInput::Source& source : input.sources) read_source(table, source);

  for (const NamedText* file : sorted_by_name(input.library, "library files")) {
    if (!is_token(file->name)) throw DeriveError("unexpected image file name " + file->name);
    table.image_files.push_back(table.keep(file->name));
    read_library_file(table, *file);
  }

  std::set<std::string, std::less<>> product_names;
  for (const NamedText* product : sorted_by_name(input.products, "product files")) {
    product_names.insert(product->name);
    ProductFile file = read_product_file(table, *product);
    table.products.push_back(file.product);
    table.cycles.insert(table.cycles.end(), file.cycles.begin(), file.cycles.end());
  }

  std::string previous;
  for (const data::ImageProductRow& row : input.mapping) {
    std::string_view products = row.products;
    while (true) {
      const std::size_t comma = std::min(products.find(','), products.size());
      if (!product_names.contains(products.substr(0, comma))) {
        throw DeriveError("image " + std::string(row.image) + ": no product file " +
                          std::string(products.substr(0, comma)) + ".md");
      }
      if (comma == products.size()) break;
      products.remove_prefix(comma + 1);
    }
    if (!previous.empty() && row.image <= previous) {
      throw DeriveError("mapping: images must be sorted and unique");
    }
    previous = row.image;
    const bool listed =
        std::binary_search(table.image_files.begin(), table.image_files.end(), row.image);
    table.image_products.push_back(data::ImageProductRow{
        table.keep(std::string(row.image)), table.keep(std::string(row.products)),
        listed ? data::ImageListing::listed : data::ImageListing::removed});
  }
  return table;
}

}  // namespace whalesafe::catalog
