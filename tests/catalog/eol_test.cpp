// End-of-life answers against the committed table (endoflife.date snapshot of 2026-08-22).
#include "catalog/eol.h"

#include <catch2/catch.hpp>

namespace catalog = whalesafe::catalog;
using catalog::Date;
using catalog::EolKind;

namespace {
constexpr Date kLater{2026, 11, 23};
}

TEST_CASE("releases past end of life", "[catalog][eol]") {
  struct Case {
    const char* image;
    const char* tag;
    const char* product;
    const char* cycle;
    Date eol;
  };
  const Case cases[] = {
      {"node", "16", "nodejs", "16", {2023, 9, 11}},
      {"node", "16.20.2-alpine", "nodejs", "16", {2023, 9, 11}},
      {"python", "3.7", "python", "3.7", {2023, 6, 27}},
      {"python", "3.7.17-slim-buster", "python", "3.7", {2023, 6, 27}},
      {"centos", "7", "centos", "7", {2024, 6, 30}},
      {"docker.io/library/centos", "7.9.2009", "centos", "7", {2024, 6, 30}},
      {"ubuntu", "18.04", "ubuntu", "18.04", {2023, 5, 31}},
      {"ubuntu", "bionic", "ubuntu", "18.04", {2023, 5, 31}},
      {"debian", "bookworm", "debian", "12", {2026, 7, 11}},
      {"debian", "12-slim", "debian", "12", {2026, 7, 11}},
  };
  for (const Case& c : cases) {
    INFO(c.image << ":" << c.tag);
    const auto status = catalog::eol_status(c.image, c.tag, kLater);
    REQUIRE(status);
    CHECK(status->cycle.product == c.product);
    CHECK(status->cycle.cycle == c.cycle);
    CHECK(status->cycle.eol_kind == EolKind::date);
    CHECK(status->cycle.eol_date == c.eol);
    CHECK(status->past_eol);
  }
}

TEST_CASE("the date decides, and it is the caller's", "[catalog][eol]") {
  // Debian 12's security support ends on 2026-07-11: EOL on that day, not the day before.
  CHECK_FALSE(catalog::eol_status("debian", "bookworm", Date{2026, 7, 10})->past_eol);
  CHECK(catalog::eol_status("debian", "bookworm", Date{2026, 7, 11})->past_eol);
  CHECK_FALSE(catalog::eol_status("python", "3.7", Date{2023, 6, 26})->past_eol);
}

TEST_CASE("supported releases and aliases", "[catalog][eol]") {
  const auto python = catalog::eol_status("python", "3.14-slim", kLater);
  REQUIRE(python);
  CHECK(python->cycle.cycle == "3.14");
  CHECK(python->cycle.eol_date == Date{2030, 10, 31});
  CHECK(python->cycle.latest == "3.14.7");
  CHECK(python->tag == "3.14.7-slim-trixie");  // read through the pinned alias
  CHECK(python->matched == "3.14");
  CHECK_FALSE(python->past_eol);

  // Aliases resolve through their entry.
  CHECK(catalog::eol_status("python", "latest", kLater)->cycle.cycle == "3.14");
  CHECK(catalog::eol_status("python", "3", kLater)->cycle.cycle == "3.14");
  CHECK(catalog::eol_status("node", "lts", kLater)->cycle.cycle == "24");
  CHECK(catalog::eol_status("debian", "latest", kLater)->cycle.cycle == "13");
  CHECK(catalog::eol_status("ubuntu", "noble", kLater)->cycle.cycle == "24.04");
  // python:bookworm is Python 3.14 on Debian 12, not Debian itself.
  CHECK(catalog::eol_status("python", "bookworm", kLater)->cycle.product == "python");
}

TEST_CASE("cycle keys of various shapes", "[catalog][eol]") {
  // The longest dotted prefix wins, and "3.10" is not "3.1".
  CHECK(catalog::eol_status("python", "3.10.18", kLater)->cycle.cycle == "3.10");
  CHECK(catalog::eol_status("alpine", "3.21", kLater)->cycle.cycle == "3.21");
  CHECK(catalog::eol_status("golang", "1.26-alpine", kLater)->cycle.cycle == "1.26");
  CHECK(catalog::eol_status("eclipse-temurin", "8u502-b07-jdk", kLater)->cycle.cycle == "8");
  CHECK(catalog::eol_status("eclipse-temurin", "25.0.4_7-jdk-resolute", kLater)->cycle.cycle ==
        "25");
  // Codename cycles (ROS 2 is tried before ROS 1).
  const auto humble = catalog::eol_status("ros", "humble", kLater);
  REQUIRE(humble);
  CHECK(humble->cycle.product == "ros-2");
  CHECK(humble->matched == "humble");
  CHECK(catalog::eol_status("ros", "noetic", kLater)->cycle.product == "ros");
  // The image name followed by a version.
  CHECK(catalog::eol_status("centos", "centos7", kLater)->cycle.cycle == "7");
}

TEST_CASE("no answer", "[catalog][eol]") {
  // No EOL product for the image.
  CHECK_FALSE(catalog::eol_status("busybox", "1.37", kLater));
  CHECK(catalog::eol_products("busybox").empty());
  // Not an official image.
  CHECK_FALSE(catalog::eol_status("bitnami/python", "3.7", kLater));
  // No cycle: Alpine's edge, a version endoflife.date never had, no latest tag.
  CHECK_FALSE(catalog::eol_status("alpine", "edge", kLater));
  CHECK_FALSE(catalog::eol_status("python", "9.9", kLater));
  CHECK_FALSE(catalog::eol_status("mongo", "latest", kLater));
  // Pre-releases: endoflife.date lists none (python 3.15, openjdk 28). In `28-ea-11` the
  // 11 is a build number and must not be read as Java 11.
  CHECK_FALSE(catalog::eol_status("python", "3.15-rc", kLater));
  CHECK_FALSE(catalog::eol_status("openjdk", "28-ea-11-jdk", kLater));
  // MySQL's innovation releases have no cycle in mysql.md.
  CHECK_FALSE(catalog::eol_status("mysql", "26.7", kLater));
  // A digest-only reference (empty tag) names no release.
  CHECK_FALSE(catalog::eol_status("python", "", kLater));
  // Unsubstituted build arguments are the caller's to resolve.
  CHECK_FALSE(catalog::eol_status("python", "${PY_VERSION}", kLater));
}

TEST_CASE("base systems named by a tag", "[catalog][eol]") {
  const auto bullseye = catalog::base_eol_status("node", "22-bullseye-slim", kLater);
  REQUIRE(bullseye);
  CHECK(bullseye->cycle.product == "debian");
  CHECK(bullseye->cycle.cycle == "11");
  CHECK(bullseye->past_eol);

  // The default suite is read through the pinned alias (3.12.14-trixie).
  const auto trixie = catalog::base_eol_status("python", "3.12", kLater);
  REQUIRE(trixie);
  CHECK(trixie->cycle.cycle == "13");
  CHECK_FALSE(trixie->past_eol);

  const auto alpine = catalog::base_eol_status("python", "3.12-alpine", kLater);
  REQUIRE(alpine);
  CHECK(alpine->cycle.product == "alpine-linux");
  CHECK(alpine->cycle.cycle == "3.24");
  CHECK(catalog::base_eol_status("eclipse-temurin", "21-jre-alpine-3.21", kLater)->cycle.cycle ==
        "3.21");

  CHECK(catalog::base_eol_status("eclipse-temurin", "21-jre-jammy", kLater)->cycle.cycle ==
        "22.04");
  CHECK(catalog::base_eol_status("amazoncorretto", "21-al2023", kLater)->cycle.product ==
        "amazon-linux");
  const auto windows =
      catalog::base_eol_status("python", "3.14-windowsservercore-ltsc2022", kLater);
  REQUIRE(windows);
  CHECK(windows->cycle.product == "windows-server-core");
  CHECK(windows->cycle.cycle == "2022");

  CHECK(
      catalog::base_eol_status("sapmachine", "26-jre-headless-ubuntu-22.04", kLater)->cycle.cycle ==
      "22.04");
  CHECK(catalog::base_eol_status("azul-zulu", "8-jdk-debian13", kLater)->cycle.cycle == "13");

  CHECK_FALSE(catalog::base_eol_status("busybox", "1.37", kLater));
  CHECK_FALSE(catalog::base_eol_status("bitnami/python", "3.12-bookworm", kLater));
}

TEST_CASE("long-term support lines", "[catalog][eol]") {
  // Node 26 becomes LTS on 2026-10-28; node 24 already is.
  const auto node26 = catalog::eol_status("node", "26", kLater);
  REQUIRE(node26);
  CHECK(node26->cycle.lts == "2026-10-28");
  CHECK_FALSE(node26->cycle.lts_on(Date{2026, 10, 27}));
  CHECK(node26->cycle.lts_on(Date{2026, 10, 28}));
  CHECK(catalog::eol_status("ubuntu", "24.04", kLater)->cycle.lts_on(kLater));
  CHECK_FALSE(catalog::eol_status("python", "3.14", kLater)->cycle.lts_on(kLater));
}

TEST_CASE("distro suites", "[catalog][eol]") {
  CHECK(catalog::is_distro_suite("bookworm"));
  CHECK(catalog::is_distro_suite("noble"));
  CHECK_FALSE(catalog::is_distro_suite("slim"));
  CHECK_FALSE(catalog::is_distro_suite("alpine"));
}

TEST_CASE("readable product names and extended support", "[catalog][eol]") {
  const auto node = catalog::eol_status("node", "16", kLater);
  REQUIRE(node);
  CHECK(node->cycle.product_name == "Node.js");
  CHECK(node->cycle.display_name() == "Node.js 16");
  // Commercial support continues with no end announced (eoes: false).
  CHECK(node->cycle.extended == catalog::ExtendedSupport::no_end_known);
  CHECK(node->cycle.extended_name == "Commercial Support");
  CHECK(node->cycle.in_extended_support(kLater));

  // Debian 11: security support ended 2024-08-14, Debian LTS (its HTML label made plain text)
  // ends 2026-08-31; extended support counts only after the end of life and before its end.
  const auto bullseye = catalog::eol_status("debian", "bullseye", kLater);
  REQUIRE(bullseye);
  CHECK(bullseye->cycle.display_name() == "Debian 11 (Bullseye)");
  CHECK(bullseye->cycle.extended == catalog::ExtendedSupport::until_date);
  CHECK(bullseye->cycle.extended_until == Date{2026, 8, 31});
  CHECK(bullseye->cycle.extended_name == "Debian LTS");
  CHECK_FALSE(bullseye->cycle.in_extended_support(Date{2024, 8, 13}));  // not yet past EOL
  CHECK(bullseye->cycle.in_extended_support(Date{2024, 8, 14}));
  CHECK(bullseye->cycle.in_extended_support(Date{2026, 8, 30}));
  CHECK_FALSE(bullseye->cycle.in_extended_support(Date{2026, 8, 31}));  // LTS over too

  const auto bionic = catalog::eol_status("ubuntu", "bionic", kLater);
  REQUIRE(bionic);
  CHECK(bionic->cycle.display_name() == "Ubuntu 18.04 (Bionic Beaver)");
  CHECK(bionic->cycle.extended_name == "Expanded Security Maintenance");
  CHECK(bionic->cycle.in_extended_support(kLater));

  // No extended support at all; a product without a name for it says nothing more.
  const auto python = catalog::eol_status("python", "3.7", kLater);
  REQUIRE(python);
  CHECK(python->cycle.display_name() == "Python 3.7");
  CHECK(python->cycle.extended == catalog::ExtendedSupport::none);
  CHECK_FALSE(python->cycle.in_extended_support(kLater));
  const auto alpine = catalog::base_eol_status("python", "3.12-alpine3.20", kLater);
  REQUIRE(alpine);
  CHECK(alpine->cycle.display_name() == "Alpine Linux 3.20");
}
