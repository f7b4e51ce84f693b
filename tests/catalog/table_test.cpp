// The committed table against facts the shared READMEs state independently (their "Snapshot
// counts" tables), and the generator's entry classification against parse_tag().
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "catalog/catalog.h"
#include "catalog/catalog_rows.h"
#include "catalog/eol.h"

namespace catalog = whalesafe::catalog;
namespace data = whalesafe::catalog::data;
using catalog::Variant;
using Names = std::set<std::string_view>;

TEST_CASE("official-images counts match the README", "[catalog][table]") {
  const auto names = catalog::image_names();
  CHECK(names.size() == 144);
  Names deprecated;
  std::size_t tags = 0;
  std::size_t shared = 0;
  std::size_t references = 0;
  Names slim_images, alpine_images, windows_images;
  for (std::string_view name : names) {
    const catalog::Image* image = catalog::find_image(name);
    REQUIRE(image != nullptr);
    if (image->entries.empty()) deprecated.insert(name);
    std::set<std::string_view> plain, shared_tags;
    for (const catalog::Entry* entry : image->entries) {
      for (std::string_view tag : entry->tags) {
        CHECK(plain.insert(tag).second);  // "No tag repeats inside an image."
        // The README's 54 counts the moving word `alpine`: bash and docker only have pinned
        // alpine3.NN tags, and counting those too makes 56.
        if (catalog::parse_tag(tag).has_word("alpine")) alpine_images.insert(name);
        if (tag.find("slim") != std::string_view::npos) slim_images.insert(name);
      }
      for (std::string_view tag : entry->shared_tags) {
        shared_tags.insert(tag);
        if (tag.find("slim") != std::string_view::npos) slim_images.insert(name);
      }
      for (std::string_view arch : entry->architectures) {
        if (arch == "windows-amd64") windows_images.insert(name);
      }
    }
    for (std::string_view tag : shared_tags) CHECK_FALSE(plain.contains(tag));
    tags += plain.size();
    shared += shared_tags.size();
    references += catalog::tags(name).size();
  }
  CHECK(deprecated ==
        Names{"clefos", "gazebo", "mongo-express", "notary", "php-zendserver", "plone", "unit"});
  CHECK(data::entries().size() == 2121);
  CHECK(tags == 9474);
  CHECK(shared == 375);
  CHECK(references == 9849);
  CHECK(slim_images == Names{"clojure", "debian", "elixir", "erlang", "haskell", "nginx", "node",
                             "open-liberty", "openjdk", "oraclelinux", "perl", "pypy", "python",
                             "rethinkdb", "ruby", "rust", "solr", "swift", "znc"});
  CHECK(alpine_images.size() == 54);
  CHECK(windows_images == Names{"caddy", "docker", "eclipse-temurin", "golang", "haxe",
                                "hello-world", "hylang", "julia", "mongo", "nats", "openjdk",
                                "pypy", "python", "swift", "traefik"});
}

TEST_CASE("endoflife.date counts match the README", "[catalog][table]") {
  std::set<std::string_view> products;
  std::size_t without_latest = 0;
  for (const data::CycleRow& row : data::cycles()) {
    products.insert(row.product);
    if (row.latest.empty()) ++without_latest;
  }
  CHECK(products.size() == 87);
  CHECK(data::cycles().size() == 1407);
  CHECK(without_latest == 24);
  // Every mapped product exists, and every cycle's eol parses.
  for (const data::ImageProductRow& row : data::image_products()) {
    for (std::string_view product : catalog::eol_products(row.image)) {
      INFO(row.image << " -> " << product);
      CHECK_FALSE(catalog::product_cycles(product).empty());
    }
  }
  for (std::string_view product : products) {
    for (const catalog::Cycle& cycle : catalog::product_cycles(product)) {
      INFO(product << " " << cycle.cycle);
      CHECK((cycle.eol_kind != catalog::EolKind::date || cycle.eol_date.has_value()));
      CHECK((cycle.extended != catalog::ExtendedSupport::until_date ||
             cycle.extended_until.has_value()));
      CHECK_FALSE(cycle.product_name.empty());
    }
  }
  // One product row per product, each with its readable name; 103 cycles date their extended
  // support, in the 12 products that have it (README: `eoes`).
  CHECK(data::products().size() == 87);
  std::set<std::string_view> with_extended;
  std::size_t dated_extended = 0;
  for (const data::CycleRow& row : data::cycles()) {
    if (!row.eoes.empty()) with_extended.insert(row.product);
    if (row.eoes.size() == 10) ++dated_extended;
  }
  CHECK(with_extended.size() == 12);
  CHECK(dated_extended == 103);
}

TEST_CASE("entry variants agree with the words of their tags", "[catalog][table]") {
  std::map<Variant, std::size_t> counts;
  for (std::string_view name : catalog::image_names()) {
    for (const catalog::Entry* entry : catalog::find_image(name)->entries) {
      ++counts[entry->variant];
      const bool windows_only =
          entry->architectures == std::vector<std::string_view>{"windows-amd64"};
      Variant strongest = Variant::regular;
      for (std::string_view tag : entry->tags) {
        strongest = std::max(strongest, catalog::parse_tag(tag).variant());
      }
      INFO(name << ": " << entry->tags.front());
      CHECK((entry->variant == Variant::windows) == windows_only);
      CHECK(strongest == entry->variant);
    }
  }
  CHECK(counts[Variant::windows] == 135);
}
