// Tag queries against the committed table (analysis/catalog/catalog_data.inc), with examples
// read off the shared official-images snapshot of 2026-08-21.
#include "catalog/catalog.h"

#include <catch2/catch.hpp>

namespace catalog = whalesafe::catalog;
using catalog::ImageStatus;
using catalog::Variant;

TEST_CASE("image lookup by reference spelling", "[catalog]") {
  REQUIRE(catalog::find_image("python") != nullptr);
  CHECK(catalog::find_image("docker.io/library/python") == catalog::find_image("python"));
  CHECK(catalog::find_image("library/python") == catalog::find_image("python"));
  CHECK(catalog::find_image("bitnami/python") == nullptr);
  CHECK(catalog::find_image("ghcr.io/library/python") == nullptr);
  CHECK(catalog::find_image("no-such-image") == nullptr);
}

TEST_CASE("image status", "[catalog]") {
  CHECK(catalog::image_status("python") == ImageStatus::active);
  // Every entry of these files is commented out.
  CHECK(catalog::image_status("plone") == ImageStatus::deprecated);
  CHECK(catalog::image_status("mongo-express") == ImageStatus::deprecated);
  CHECK(catalog::find_image("plone")->entries.empty());
  // No library file any more, but mapped to an EOL product.
  CHECK(catalog::image_status("centos") == ImageStatus::removed);
  CHECK(catalog::find_image("centos") == nullptr);
  CHECK(catalog::image_status("bitnami/python") == ImageStatus::unknown);
}

TEST_CASE("maintained tags", "[catalog]") {
  CHECK(catalog::has_tag("python", "3.14-slim"));
  CHECK(catalog::has_tag("python", "3.12.14-slim-bookworm"));
  CHECK(catalog::has_tag("python", "latest"));  // a shared tag only
  CHECK(catalog::has_tag("docker.io/library/node", "lts-slim"));
  // Gone from the file: unmaintained (maybe still pullable).
  CHECK_FALSE(catalog::has_tag("python", "3.7"));
  CHECK_FALSE(catalog::has_tag("node", "16"));
  CHECK_FALSE(catalog::has_tag("python", "3.99"));
  CHECK_FALSE(catalog::has_tag("mongo", "latest"));  // mongo has no latest
  CHECK_FALSE(catalog::has_tag("centos", "7"));
  // A digest-only reference has no tag to ask about.
  CHECK_FALSE(catalog::has_tag("python", ""));
  CHECK_FALSE(catalog::pinned_tag("python", ""));
  // Unsubstituted build arguments are never tags.
  CHECK_FALSE(catalog::has_tag("python", "${PY_VERSION}"));

  const auto all = catalog::tags("python");
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  CHECK(std::find(all.begin(), all.end(), "3.14.7-slim-trixie") != all.end());
  CHECK(catalog::tags("bitnami/python").empty());
}

TEST_CASE("entries group aliases of one build", "[catalog]") {
  const catalog::Entry* slim = catalog::find_entry("python", "3.14-slim");
  REQUIRE(slim != nullptr);
  CHECK(slim->variant == Variant::slim);
  CHECK(slim->has_tag("3.14.7-slim-trixie"));
  CHECK(slim->has_tag("slim"));
  CHECK_FALSE(slim->has_tag("3.14.7-trixie"));
  CHECK(catalog::find_entry("python", "slim") == slim);

  // `latest` is shared by the Linux build and two Windows builds: a Linux client gets Linux.
  const catalog::Entry* latest = catalog::find_entry("python", "latest");
  REQUIRE(latest != nullptr);
  CHECK(latest->variant == Variant::regular);
  CHECK(latest->has_tag("3.14.7-trixie"));
  CHECK(std::find(latest->architectures.begin(), latest->architectures.end(), "arm64v8") !=
        latest->architectures.end());

  // A shared tag carried only by Windows builds.
  const catalog::Entry* windows = catalog::find_entry("python", "3.14-windowsservercore");
  REQUIRE(windows != nullptr);
  CHECK(windows->variant == Variant::windows);
  CHECK(windows->architectures == std::vector<std::string_view>{"windows-amd64"});

  CHECK(catalog::find_entry("node", "24-alpine")->variant == Variant::alpine);
  CHECK(catalog::find_entry("nginx", "1.30-alpine-slim")->variant == Variant::alpine);
}

TEST_CASE("the most precise pin of a tag", "[catalog]") {
  CHECK(catalog::pinned_tag("python", "3.14-slim") == "3.14.7-slim-trixie");
  CHECK(catalog::pinned_tag("python", "3.14") == "3.14.7-trixie");
  CHECK(catalog::pinned_tag("python", "3") == "3.14.7-trixie");
  CHECK(catalog::pinned_tag("python", "3.12-alpine") == "3.12.14-alpine3.24");
  CHECK(catalog::pinned_tag("node", "lts-slim") == "24.19.0-bookworm-slim");
  CHECK(catalog::pinned_tag("node", "24") == "24.19.0-bookworm");
  // A build date never moves: preferred over the point release.
  CHECK(catalog::pinned_tag("debian", "bookworm") == "bookworm-20260803");
  CHECK(catalog::pinned_tag("debian", "12-slim") == "bookworm-20260803-slim");
  CHECK(catalog::pinned_tag("ubuntu", "22.04") == "jammy-20260810");
  CHECK(catalog::pinned_tag("eclipse-temurin", "21-jre-alpine") == "21.0.12_8-jre-alpine-3.24");
  // Already the most precise.
  CHECK(catalog::pinned_tag("python", "3.14.7-slim-trixie") == "3.14.7-slim-trixie");
  CHECK_FALSE(catalog::pinned_tag("python", "3.7"));
  CHECK_FALSE(catalog::pinned_tag("bitnami/python", "3.12"));
}

TEST_CASE("what latest points to", "[catalog]") {
  const auto python = catalog::latest_version("python");
  REQUIRE(python);
  CHECK(python->version == "3.14.7");
  CHECK(python->pinned_tag == "3.14.7-trixie");

  const auto debian = catalog::latest_version("debian");
  REQUIRE(debian);
  CHECK(debian->version == "13.6");
  CHECK(debian->pinned_tag == "trixie-20260803");

  const auto node = catalog::latest_version("node");
  REQUIRE(node);
  CHECK(node->version == "26.7.0");

  const auto alpine = catalog::latest_version("library/alpine");
  REQUIRE(alpine);
  CHECK(alpine->version == "3.24.1");

  // No latest tag at all.
  CHECK_FALSE(catalog::latest_version("mongo"));
  CHECK_FALSE(catalog::latest_version("elasticsearch"));
  CHECK_FALSE(catalog::latest_version("plone"));
  CHECK_FALSE(catalog::latest_version("bitnami/python"));
}

TEST_CASE("slim alternatives", "[catalog]") {
  auto slim = [](std::string_view image, std::string_view tag) {
    const auto found = catalog::slim_alternative(image, tag);
    return found ? std::string(found->tag) : std::string("<none>");
  };
  CHECK(slim("python", "3.12") == "3.12-slim");
  CHECK(slim("python", "3.12-bookworm") == "3.12-slim-bookworm");
  CHECK(slim("python", "3.14.7-trixie") == "3.14.7-slim-trixie");
  CHECK(slim("python", "latest") == "slim");
  CHECK(slim("node", "24") == "24-slim");
  CHECK(slim("node", "24-bookworm") == "24-bookworm-slim");  // node puts slim last
  CHECK(slim("node", "lts") == "lts-slim");
  CHECK(slim("debian", "bookworm") == "bookworm-slim");
  CHECK(slim("debian", "bookworm-20260803") == "bookworm-20260803-slim");
  CHECK(catalog::slim_alternative("python", "3.12")->variant == Variant::slim);

  // Already small, not maintained, or no slim variant.
  CHECK(slim("python", "3.12-slim") == "<none>");
  CHECK(slim("python", "3.12-alpine") == "<none>");
  CHECK(slim("python", "3.14-windowsservercore") == "<none>");
  CHECK(slim("python", "3.7") == "<none>");
  CHECK(slim("node", "20") == "<none>");  // node 20 is no longer in the file
  CHECK(slim("golang", "1.27") == "<none>");
  CHECK(slim("bitnami/python", "3.12") == "<none>");
}

TEST_CASE("alpine alternatives", "[catalog]") {
  auto alpine = [](std::string_view image, std::string_view tag) {
    const auto found = catalog::alpine_alternative(image, tag);
    return found ? std::string(found->tag) : std::string("<none>");
  };
  CHECK(alpine("golang", "1.27") == "1.27-alpine");
  CHECK(alpine("golang", "1.27-bookworm") == "1.27-alpine");  // the suite is dropped
  CHECK(alpine("python", "3.12-slim-bookworm") == "3.12-alpine");
  CHECK(alpine("node", "24") == "24-alpine");
  CHECK(alpine("eclipse-temurin", "21-jre-resolute") == "21-jre-alpine");
  // Only pinned Alpine releases: the newest that exists (azul-zulu 11 has 3.23 only).
  CHECK(alpine("azul-zulu", "11") == "11-alpine3.23");
  CHECK(alpine("python", "3.12-alpine") == "<none>");
  CHECK(alpine("python", "3.7") == "<none>");

  // smaller_alternative prefers slim.
  CHECK(catalog::smaller_alternative("python", "3.12")->tag == "3.12-slim");
  CHECK(catalog::smaller_alternative("golang", "1.27")->tag == "1.27-alpine");
  CHECK(catalog::smaller_alternative("golang", "1.27")->variant == Variant::alpine);
}

TEST_CASE("snapshot", "[catalog]") {
  const auto all = catalog::sources();
  REQUIRE(all.size() == 2);
  CHECK(all[0].repository == "docker-library/official-images");
  CHECK(all[0].commit == "37079fb336f572a88700cf32e5e1f6be54a04e8f");
  CHECK(all[0].date == catalog::Date{2026, 8, 21});
  CHECK(all[1].repository == "endoflife-date/endoflife.date");
  CHECK(all[1].date == catalog::Date{2026, 8, 22});
  CHECK(catalog::snapshot_date() == catalog::Date{2026, 8, 21});
}
