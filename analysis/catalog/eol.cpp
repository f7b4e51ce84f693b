#include "catalog/eol.h"

#include <algorithm>
#include <array>
#include <map>

#include "catalog/catalog.h"
#include "catalog/catalog_rows.h"
#include "catalog/image_ref.h"
#include "catalog/tag.h"

namespace whalesafe::catalog {
namespace {

struct EolIndex {
  std::map<std::string_view, std::vector<Cycle>, std::less<>> products;
  std::map<std::string_view, std::vector<std::string_view>, std::less<>> image_products;
};

Cycle to_cycle(const data::CycleRow& row, const data::ProductRow* product) {
  Cycle cycle;
  cycle.product = row.product;
  cycle.product_name = product != nullptr ? product->title : row.product;
  cycle.cycle = row.cycle;
  cycle.codename = row.codename;
  cycle.release_date = Date::parse(row.release_date);
  cycle.latest = row.latest;
  cycle.lts = row.lts;
  if (row.eol == "true") {
    cycle.eol_kind = EolKind::ended;
  } else if (row.eol != "false") {
    cycle.eol_kind = EolKind::date;
    cycle.eol_date = Date::parse(row.eol);
  }
  if (row.eoes == "true") {
    cycle.extended = ExtendedSupport::ended;
  } else if (row.eoes == "false") {
    cycle.extended = ExtendedSupport::no_end_known;
  } else if (!row.eoes.empty()) {
    cycle.extended = ExtendedSupport::until_date;
    cycle.extended_until = Date::parse(row.eoes);
  }
  if (product != nullptr) cycle.extended_name = product->extended_name;
  return cycle;
}

EolIndex build_index() {
  EolIndex index;
  std::map<std::string_view, const data::ProductRow*, std::less<>> product_rows;
  for (const data::ProductRow& row : data::products()) product_rows[row.product] = &row;
  for (const data::CycleRow& row : data::cycles()) {
    const auto product = product_rows.find(row.product);
    index.products[row.product].push_back(
        to_cycle(row, product == product_rows.end() ? nullptr : product->second));
  }
  for (const data::ImageProductRow& row : data::image_products()) {
    std::vector<std::string_view>& products = index.image_products[row.image];
    std::string_view list = row.products;
    while (!list.empty()) {
      const std::size_t comma = std::min(list.find(','), list.size());
      products.push_back(list.substr(0, comma));
      list.remove_prefix(std::min(comma + 1, list.size()));
    }
  }
  return index;
}

const EolIndex& index() {
  static const EolIndex built = build_index();
  return built;
}

struct Match {
  const Cycle* cycle;
  std::string matched;
};

std::string join_prefix(const std::vector<std::string>& components, std::size_t count) {
  std::string key;
  for (std::size_t i = 0; i < count; ++i) {
    if (i) key += '.';
    key += components[i];
  }
  return key;
}

// The cycle whose key is the longest dotted prefix of `version`.
std::optional<Match> match_version(std::span<const Cycle> cycles,
                                   const std::vector<std::string>& version) {
  for (std::size_t count = version.size(); count > 0; --count) {
    const std::string key = join_prefix(version, count);
    for (const Cycle& cycle : cycles) {
      if (cycle.cycle == key) return Match{&cycle, key};
    }
  }
  return std::nullopt;
}

// A cycle named by a whole word: its key (`humble`) or its codename (`bookworm`). Numbers
// are not names: in openjdk's `28-ea-11` the 11 is a build, not Java 11.
std::optional<Match> match_word(std::span<const Cycle> cycles, const std::string& word) {
  if (word.empty() || (word[0] >= '0' && word[0] <= '9')) return std::nullopt;
  for (const Cycle& cycle : cycles) {
    if (cycle.cycle == word || (!cycle.codename.empty() && cycle.codename_word() == word)) {
      return Match{&cycle, word};
    }
  }
  return std::nullopt;
}

// A word made of `prefix` and a version (`centos7`, `al2023`, `ltsc2022`).
std::optional<Match> match_prefixed(std::span<const Cycle> cycles, const std::string& word,
                                    std::string_view prefix) {
  if (!word.starts_with(prefix)) return std::nullopt;
  const auto version = split_version(std::string_view(word).substr(prefix.size()));
  if (!version) return std::nullopt;
  if (auto match = match_version(cycles, *version)) return Match{match->cycle, word};
  return std::nullopt;
}

std::optional<Match> match_product(std::string_view product, const ParsedTag& tag,
                                   std::string_view image) {
  const std::span<const Cycle> cycles = product_cycles(product);
  if (auto match = match_version(cycles, tag.version)) return match;
  for (const std::string& word : tag.words) {
    if (auto match = match_word(cycles, word)) return match;
    if (auto match = match_prefixed(cycles, word, image)) return match;
  }
  return std::nullopt;
}

// Base systems named by a word made of a prefix and a release number.
struct PrefixedBase {
  std::string_view prefix;
  std::string_view product;
  std::string_view after_word;  // required previous word, or "" for any
};
constexpr std::array<PrefixedBase, 10> kPrefixedBases = {{
    {"debian", "debian", ""},             // azul-zulu: debian13
    {"", "ubuntu", "ubuntu"},             // sapmachine: ubuntu-22.04
    {"al", "amazon-linux", ""},           // amazoncorretto: al2, al2023
    {"amazonlinux", "amazon-linux", ""},  // swift: amazonlinux2
    {"ubi", "rhel", ""},                  // eclipse-temurin: ubi9-minimal; swift: rhel-ubi9
    {"oraclelinux", "oracle-linux", ""},  // mysql, openjdk: oraclelinux9
    {"almalinux", "almalinux", ""},       // azul-zulu: almalinux10
    {"ltsc", "windows-server-core", "windowsservercore"},
    {"ltsc", "windows-nano-server", "nanoserver"},
    {"alpine", "alpine-linux", ""},  // alpine3.24 (alpine-3.24 is handled as a version word)
}};

std::optional<Match> match_base_word(const std::string& word, std::string_view previous) {
  for (std::string_view suite_product : {"debian", "ubuntu"}) {
    const std::span<const Cycle> cycles = product_cycles(suite_product);
    for (const Cycle& cycle : cycles) {
      if (!cycle.codename.empty() && cycle.codename_word() == word) return Match{&cycle, word};
    }
  }
  if (const auto release = alpine_word_release(word); release && !release->empty()) {
    if (auto match = match_version(product_cycles("alpine-linux"), *split_version(*release))) {
      return Match{match->cycle, word};
    }
    return std::nullopt;
  }
  for (const PrefixedBase& base : kPrefixedBases) {
    if (!base.after_word.empty() && base.after_word != previous) continue;
    if (auto match = match_prefixed(product_cycles(base.product), word, base.prefix)) return match;
  }
  return std::nullopt;
}

EolStatus make_status(const Match& match, std::string tag, Date today) {
  return EolStatus{*match.cycle, std::move(tag), match.matched, match.cycle->past_eol(today)};
}

}  // namespace

bool Cycle::past_eol(Date today) const {
  switch (eol_kind) {
    case EolKind::ended:
      return true;
    case EolKind::date:
      return eol_date && *eol_date <= today;
    case EolKind::not_announced:
      return false;
  }
  return false;
}

bool Cycle::in_extended_support(Date today) const {
  if (!past_eol(today)) return false;
  switch (extended) {
    case ExtendedSupport::until_date:
      return extended_until && today < *extended_until;
    case ExtendedSupport::no_end_known:
      return true;
    case ExtendedSupport::none:
    case ExtendedSupport::ended:
      return false;
  }
  return false;
}

std::string Cycle::display_name() const {
  std::string name = std::string(product_name.empty() ? product : product_name) + " ";
  name += cycle;
  if (!codename.empty() && codename != cycle) name += " (" + std::string(codename) + ")";
  return name;
}

bool Cycle::lts_on(Date today) const {
  if (lts == "true") return true;
  const std::optional<Date> from = Date::parse(lts);
  return from && *from <= today;
}

std::string Cycle::codename_word() const {
  std::string word(codename.substr(0, std::min(codename.find(' '), codename.size())));
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return word;
}

std::vector<std::string_view> eol_products(std::string_view image) {
  const std::optional<std::string> name = official_image_name(image);
  if (!name) return {};
  const auto found = index().image_products.find(*name);
  return found == index().image_products.end() ? std::vector<std::string_view>{} : found->second;
}

std::span<const Cycle> product_cycles(std::string_view product) {
  const auto found = index().products.find(product);
  if (found == index().products.end()) return {};
  return found->second;
}

std::optional<EolStatus> eol_status(std::string_view image, std::string_view tag, Date today) {
  const std::optional<std::string> name = official_image_name(image);
  if (!name) return std::nullopt;
  const std::vector<std::string_view> products = eol_products(*name);
  // A maintained tag's most precise alias carries the full version (node:lts -> 24.19.0-...);
  // an unmaintained one (python:3.7) can only be read as written.
  std::vector<std::string> readings;
  if (const auto pinned = pinned_tag(*name, tag)) readings.emplace_back(*pinned);
  readings.emplace_back(tag);
  for (const std::string& reading : readings) {
    const ParsedTag parsed = parse_tag(reading);
    for (std::string_view product : products) {
      if (auto match = match_product(product, parsed, *name)) {
        return make_status(*match, reading, today);
      }
    }
  }
  return std::nullopt;
}

std::optional<EolStatus> base_eol_status(std::string_view image, std::string_view tag, Date today) {
  const std::optional<std::string> name = official_image_name(image);
  if (!name) return std::nullopt;
  std::vector<std::string> readings;
  if (const auto pinned = pinned_tag(*name, tag)) readings.emplace_back(*pinned);
  readings.emplace_back(tag);
  for (const std::string& reading : readings) {
    const ParsedTag parsed = parse_tag(reading);
    std::string_view previous;
    for (const std::string& word : parsed.words) {
      if (auto match = match_base_word(word, previous)) return make_status(*match, reading, today);
      previous = word;
    }
  }
  return std::nullopt;
}

bool is_distro_suite(std::string_view word) {
  for (std::string_view product : {"debian", "ubuntu"}) {
    for (const Cycle& cycle : product_cycles(product)) {
      if (!cycle.codename.empty() && cycle.codename_word() == word) return true;
    }
  }
  return false;
}

}  // namespace whalesafe::catalog
