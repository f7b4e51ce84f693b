// catalog_data.inc text: rendering (the same bytes scripts/derive-catalog.py writes) and
// reading it back (for cache files written by `whalesafe catalog update`).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table.h"

namespace whalesafe::catalog {
namespace {

using data::CycleRow;
using data::EntryRow;
using data::ImageListing;
using data::ImageProductRow;
using data::ProductRow;
using data::SourceRow;

// --- rendering -------------------------------------------------------------------------------

// A C++ string literal: printable ASCII as is (quote and backslash escaped), every other byte
// as a three-digit octal escape (octal escapes stop after three digits, unlike \x).
std::string c_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      out += fmt::format("\\{:03o}", byte);
    }
  }
  return out + '"';
}

std::string_view listing_name(ImageListing listing) {
  return listing == ImageListing::listed ? "listed" : "removed";
}

// --- reading ---------------------------------------------------------------------------------

enum class Section { none, sources, image_files, entries, products, cycles, image_products };

struct SectionHeader {
  Section section;
  std::string_view line;
};
constexpr std::array kHeaders{
    SectionHeader{Section::sources, "constexpr SourceRow kSources[] = {"},
    SectionHeader{Section::image_files, "constexpr std::string_view kImageFiles[] = {"},
    SectionHeader{Section::entries, "constexpr EntryRow kEntries[] = {"},
    SectionHeader{Section::products, "constexpr ProductRow kProducts[] = {"},
    SectionHeader{Section::cycles, "constexpr CycleRow kCycles[] = {"},
    SectionHeader{Section::image_products, "constexpr ImageProductRow kImageProducts[] = {"},
};

struct ParseError {
  std::string message;
};

// One value of a row: a decoded string literal, or an enumerator such as EntryVariant::slim.
struct Value {
  bool is_string = false;
  std::string text;
};

// Reads `"..."` or `Name::name` from the front of `line`.
Value read_value(std::string_view& line) {
  Value value;
  if (!line.empty() && line.front() == '"') {
    value.is_string = true;
    std::size_t i = 1;
    for (;; ++i) {
      if (i >= line.size()) throw ParseError{"unterminated string literal"};
      const char c = line[i];
      if (c == '"') break;
      if (c != '\\') {
        value.text += c;
        continue;
      }
      if (i + 1 >= line.size()) throw ParseError{"unterminated escape"};
      const char next = line[i + 1];
      if (next == '"' || next == '\\') {
        value.text += next;
        ++i;
        continue;
      }
      if (i + 3 >= line.size()) throw ParseError{"short octal escape"};
      int byte = 0;
      for (std::size_t k = i + 1; k <= i + 3; ++k) {
        if (line[k] < '0' || line[k] > '7') throw ParseError{"bad escape in string literal"};
        byte = byte * 8 + (line[k] - '0');
      }
      if (byte > 0xFF) throw ParseError{"octal escape out of range"};
      value.text += static_cast<char>(byte);
      i += 3;
    }
    line.remove_prefix(i + 1);
    return value;
  }
  std::size_t end = 0;
  while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) != 0 ||
                               line[end] == '_' || line[end] == ':')) {
    ++end;
  }
  if (end == 0) throw ParseError{"expected a string literal or an enumerator"};
  value.text = std::string(line.substr(0, end));
  line.remove_prefix(end);
  return value;
}

// `    {v, v, ...},` -> the values.
std::vector<Value> read_row(std::string_view line) {
  constexpr std::string_view kOpen = "    {";
  if (!line.starts_with(kOpen) || !line.ends_with("},")) throw ParseError{"not a table row"};
  line = line.substr(kOpen.size(), line.size() - kOpen.size() - 2);
  std::vector<Value> values;
  for (;;) {
    values.push_back(read_value(line));
    if (line.empty()) return values;
    if (!line.starts_with(", ")) throw ParseError{"expected ', ' between values"};
    line.remove_prefix(2);
  }
}

std::string_view keep_string(Table& table, Value& value, std::string_view what) {
  if (!value.is_string) throw ParseError{fmt::format("{} must be a string literal", what)};
  return table.keep(std::move(value.text));
}

void expect_count(const std::vector<Value>& values, std::size_t count) {
  if (values.size() != count) {
    throw ParseError{fmt::format("expected {} values, found {}", count, values.size())};
  }
}

// Docker's tag grammar, as the generator checks it: [A-Za-z0-9_.][A-Za-z0-9_.-]*.
bool is_token(std::string_view word) {
  const auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
  };
  return !word.empty() && word.front() != '-' && std::all_of(word.begin(), word.end(), allowed);
}

// A space-separated list of tokens (possibly empty), single spaces only.
void check_token_list(std::string_view list, std::string_view what) {
  if (list.empty()) return;
  while (true) {
    const std::size_t space = std::min(list.find(' '), list.size());
    if (!is_token(list.substr(0, space))) {
      throw ParseError{fmt::format("{} '{}' is not a list of tags or names", what, list)};
    }
    if (space == list.size()) return;
    list.remove_prefix(space + 1);
  }
}

// The product name of a ProductRow, or a name itself (for binary_search).
std::string_view product_of(const ProductRow& row) { return row.product; }
std::string_view product_of(std::string_view name) { return name; }

bool is_flag_or_date(std::string_view text) {
  return text == "true" || text == "false" || (text.size() == 10 && Date::parse(text));
}

void add_row(Table& table, Section section, std::string_view line) {
  if (section == Section::image_files) {
    if (!line.starts_with("    \"") || !line.ends_with(",")) throw ParseError{"not a name row"};
    std::string_view rest = line.substr(4, line.size() - 5);
    Value value = read_value(rest);
    if (!rest.empty()) throw ParseError{"text after the image name"};
    if (!is_token(value.text)) throw ParseError{"bad image name"};
    table.image_files.push_back(keep_string(table, value, "an image name"));
    return;
  }
  std::vector<Value> v = read_row(line);
  switch (section) {
    case Section::sources: {
      expect_count(v, 3);
      SourceRow row{keep_string(table, v[0], "repository"), keep_string(table, v[1], "commit"),
                    keep_string(table, v[2], "commit time")};
      if (row.commit.size() != 40 || !std::all_of(row.commit.begin(), row.commit.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c));
          })) {
        throw ParseError{"commit is not 40 hex digits"};
      }
      if (!Date::parse(row.commit_time)) throw ParseError{"commit time has no valid date"};
      table.sources.push_back(row);
      return;
    }
    case Section::entries: {
      expect_count(v, 5);
      EntryRow row{};
      row.image = keep_string(table, v[0], "image");
      const std::string& variant = v[1].text;
      if (v[1].is_string) throw ParseError{"variant must be an EntryVariant:: enumerator"};
      bool known = false;
      for (const Variant candidate :
           {Variant::regular, Variant::slim, Variant::alpine, Variant::windows}) {
        if (variant == fmt::format("EntryVariant::{}", to_string(candidate))) {
          row.variant = candidate;
          known = true;
        }
      }
      if (!known) throw ParseError{fmt::format("unknown variant '{}'", variant)};
      row.tags = keep_string(table, v[2], "tags");
      row.shared_tags = keep_string(table, v[3], "shared tags");
      row.architectures = keep_string(table, v[4], "architectures");
      if (row.tags.empty()) throw ParseError{"entry without tags"};
      check_token_list(row.tags, "tags");
      check_token_list(row.shared_tags, "shared tags");
      check_token_list(row.architectures, "architectures");
      if (!std::binary_search(table.image_files.begin(), table.image_files.end(), row.image)) {
        throw ParseError{fmt::format("entry of '{}', which is not an image file", row.image)};
      }
      table.entries.push_back(row);
      return;
    }
    case Section::products: {
      expect_count(v, 3);
      const ProductRow row{keep_string(table, v[0], "product"), keep_string(table, v[1], "title"),
                           keep_string(table, v[2], "extended support name")};
      if (row.product.empty() || row.title.empty()) throw ParseError{"empty product or title"};
      if (!table.products.empty() && row.product <= table.products.back().product) {
        throw ParseError{"products are not sorted and unique"};
      }
      table.products.push_back(row);
      return;
    }
    case Section::cycles: {
      expect_count(v, 8);
      CycleRow row{keep_string(table, v[0], "product"),  keep_string(table, v[1], "cycle"),
                   keep_string(table, v[2], "codename"), keep_string(table, v[3], "release date"),
                   keep_string(table, v[4], "eol"),      keep_string(table, v[5], "eoes"),
                   keep_string(table, v[6], "latest"),   keep_string(table, v[7], "lts")};
      if (row.product.empty() || row.cycle.empty()) throw ParseError{"empty product or cycle"};
      if (!std::binary_search(
              table.products.begin(), table.products.end(), row.product,
              [](const auto& a, const auto& b) { return product_of(a) < product_of(b); })) {
        throw ParseError{fmt::format("cycle of '{}', which is not a product", row.product)};
      }
      if (!row.release_date.empty() && !Date::parse(row.release_date)) {
        throw ParseError{"release date is not a date"};
      }
      if (!is_flag_or_date(row.eol)) throw ParseError{"eol is neither a date nor true/false"};
      if (!row.eoes.empty() && !is_flag_or_date(row.eoes)) {
        throw ParseError{"eoes is neither a date nor true/false"};
      }
      if (!row.lts.empty() && !is_flag_or_date(row.lts)) {
        throw ParseError{"lts is neither a date nor true/false"};
      }
      table.cycles.push_back(row);
      return;
    }
    case Section::image_products: {
      expect_count(v, 3);
      ImageProductRow row{keep_string(table, v[0], "image"), keep_string(table, v[1], "products"),
                          ImageListing::listed};
      if (v[2].text == "ImageListing::removed") {
        row.listing = ImageListing::removed;
      } else if (v[2].is_string || v[2].text != "ImageListing::listed") {
        throw ParseError{fmt::format("unknown listing '{}'", v[2].text)};
      }
      if (row.products.empty()) throw ParseError{"image without products"};
      table.image_products.push_back(row);
      return;
    }
    case Section::none:
    case Section::image_files:
      break;
  }
  throw ParseError{"row outside a table section"};
}

void check_complete(const Table& table) {
  if (table.sources.empty()) throw ParseError{"no sources"};
  if (table.image_files.empty()) throw ParseError{"no image files"};
  if (!std::is_sorted(table.image_files.begin(), table.image_files.end()) ||
      std::adjacent_find(table.image_files.begin(), table.image_files.end()) !=
          table.image_files.end()) {
    throw ParseError{"image files are not sorted and unique"};
  }
  if (table.entries.empty()) throw ParseError{"no entries"};
  if (table.products.empty()) throw ParseError{"no products"};
  if (table.cycles.empty()) throw ParseError{"no release cycles"};
  if (table.image_products.empty()) throw ParseError{"no image -> product mapping"};
}

}  // namespace

std::string render_table_text(const Table& table) {
  std::string out =
      "// Generated by scripts/derive-catalog.py (the compiled-in table) or `whalesafe catalog\n"
      "// update` (a cache) from official-images, endoflife.date and image_eol_products.tsv.\n"
      "// Do not edit: rerun the script (docs/catalog.md). Included once, by catalog_data.cpp.\n"
      "// clang-format off\n"
      "\n"
      "// Where the facts come from: upstream repository commit and commit date.\n"
      "constexpr SourceRow kSources[] = {\n";
  for (const SourceRow& s : table.sources) {
    out += fmt::format("    {{{}, {}, {}}},\n", c_string(s.repository), c_string(s.commit),
                       c_string(s.commit_time));
  }
  out +=
      "};\n"
      "\n"
      "// Every file in official-images/library/ (an image with no entry is deprecated).\n"
      "constexpr std::string_view kImageFiles[] = {\n";
  for (std::string_view image : table.image_files) out += fmt::format("    {},\n", c_string(image));
  out +=
      "};\n"
      "\n"
      "// One row per entry (a paragraph with Tags:), images sorted, entries in file order:\n"
      "// image, variant, tags (aliases of one build), shared tags, architectures.\n"
      "constexpr EntryRow kEntries[] = {\n";
  for (const EntryRow& e : table.entries) {
    out += fmt::format("    {{{}, EntryVariant::{}, {}, {}, {}}},\n", c_string(e.image),
                       to_string(e.variant), c_string(e.tags), c_string(e.shared_tags),
                       c_string(e.architectures));
  }
  out +=
      "};\n"
      "\n"
      "// One row per endoflife.date product, sorted: product, readable name (title), name of\n"
      "// its extended support (eoesColumn, \"\" when unnamed).\n"
      "constexpr ProductRow kProducts[] = {\n";
  for (const ProductRow& p : table.products) {
    out += fmt::format("    {{{}, {}, {}}},\n", c_string(p.product), c_string(p.title),
                       c_string(p.extended_name));
  }
  out +=
      "};\n"
      "\n"
      "// One row per release cycle, products sorted, cycles in file order: product, cycle,\n"
      "// codename, release date, eol (date, \"true\" or \"false\"), end of extended support\n"
      "// (eoes: date, \"true\", \"false\" or \"\" for none), latest release, lts.\n"
      "constexpr CycleRow kCycles[] = {\n";
  for (const CycleRow& c : table.cycles) {
    out += fmt::format("    {{{}, {}, {}, {}, {}, {}, {}, {}}},\n", c_string(c.product),
                       c_string(c.cycle), c_string(c.codename), c_string(c.release_date),
                       c_string(c.eol), c_string(c.eoes), c_string(c.latest), c_string(c.lts));
  }
  out +=
      "};\n"
      "\n"
      "// image -> endoflife.date products (tried in order), from image_eol_products.tsv.\n"
      "constexpr ImageProductRow kImageProducts[] = {\n";
  for (const ImageProductRow& row : table.image_products) {
    out += fmt::format("    {{{}, {}, ImageListing::{}}},\n", c_string(row.image),
                       c_string(row.products), listing_name(row.listing));
  }
  out += "};\n";
  return out;
}

TableParse parse_table_text(std::string_view text) {
  Table table;
  Section section = Section::none;
  std::size_t next_header = 0;  // sections must come in kHeaders order, each once
  std::size_t number = 0;
  try {
    while (!text.empty()) {
      ++number;
      const std::size_t end = std::min(text.find('\n'), text.size());
      const std::string_view line = text.substr(0, end);
      text.remove_prefix(std::min(end + 1, text.size()));
      if (line.empty() || line.starts_with("//")) continue;
      if (section == Section::none) {
        if (next_header >= kHeaders.size() || line != kHeaders[next_header].line) {
          throw ParseError{"expected the next table section"};
        }
        section = kHeaders[next_header++].section;
        continue;
      }
      if (line == "};") {
        section = Section::none;
        continue;
      }
      add_row(table, section, line);
    }
    if (section != Section::none) throw ParseError{"unterminated table section"};
    if (next_header != kHeaders.size()) {
      throw ParseError{fmt::format("missing section '{}'", kHeaders[next_header].line)};
    }
    check_complete(table);
  } catch (const ParseError& e) {
    return TableParse{std::nullopt, fmt::format("line {}: {}", number, e.message)};
  }
  return TableParse{std::move(table), {}};
}

}  // namespace whalesafe::catalog
