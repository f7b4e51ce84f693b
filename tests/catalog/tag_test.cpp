// parse_tag: version components and variant words, on tag spellings from the snapshot.
#include "catalog/tag.h"

#include <catch2/catch.hpp>

#include "catalog/date.h"

using whalesafe::catalog::Date;
using whalesafe::catalog::parse_tag;
using whalesafe::catalog::Variant;
using Words = std::vector<std::string>;

TEST_CASE("a version with slim and a suite", "[catalog][tag]") {
  const auto tag = parse_tag("3.12.4-slim-bookworm");
  CHECK(tag.version == Words{"3", "12", "4"});
  CHECK(tag.version_suffix.empty());
  CHECK(tag.words == Words{"slim", "bookworm"});
  CHECK(tag.variant() == Variant::slim);
  CHECK(tag.version_text() == "3.12.4");
  CHECK_FALSE(tag.prerelease());
}

TEST_CASE("word order does not matter to the parse", "[catalog][tag]") {
  const auto node = parse_tag("24.19.0-bookworm-slim");
  CHECK(node.version == Words{"24", "19", "0"});
  CHECK(node.words == Words{"bookworm", "slim"});
  CHECK(node.variant() == Variant::slim);
}

TEST_CASE("tags without a version", "[catalog][tag]") {
  const auto suite = parse_tag("bookworm");
  CHECK(suite.version.empty());
  CHECK(suite.words == Words{"bookworm"});
  CHECK(suite.variant() == Variant::regular);

  const auto latest = parse_tag("latest");
  CHECK(latest.latest);
  CHECK(latest.words.empty());
  CHECK(latest.version.empty());
}

TEST_CASE("date-stamped builds are not versions", "[catalog][tag]") {
  const auto debian = parse_tag("bookworm-20260803-slim");
  CHECK(debian.version.empty());
  CHECK(debian.date_stamp == "20260803");
  CHECK(debian.words == Words{"bookworm", "slim"});

  const auto ubuntu = parse_tag("resolute-20260811.1");
  CHECK(ubuntu.date_stamp == "20260811.1");
  CHECK(ubuntu.words == Words{"resolute"});

  // almalinux: a version and a date; rockylinux: the date is a version component.
  const auto alma = parse_tag("10.2-20260602");
  CHECK(alma.version == Words{"10", "2"});
  CHECK(alma.date_stamp == "20260602");
  CHECK(parse_tag("9.3.20231119").version == Words{"9", "3", "20231119"});
  // Not a date: month 13.
  CHECK(parse_tag("20261301").date_stamp.empty());
}

TEST_CASE("version spellings that break naive parsing", "[catalog][tag]") {
  const auto temurin = parse_tag("25.0.4_7-jdk-resolute");
  CHECK(temurin.version == Words{"25", "0", "4"});
  CHECK(temurin.version_suffix == "_7");
  CHECK(temurin.words == Words{"jdk", "resolute"});

  const auto corretto = parse_tag("8u504-al2023");
  CHECK(corretto.version == Words{"8"});
  CHECK(corretto.version_suffix == "u504");

  const auto build = parse_tag("8u502-b07-jdk");
  CHECK(build.words == Words{"b07", "jdk"});
  CHECK_FALSE(build.prerelease());  // b07 is a build number

  const auto traefik = parse_tag("v3.7.11");
  CHECK(traefik.v_prefix);
  CHECK(traefik.version == Words{"3", "7", "11"});

  // Neo4j's calendar versions keep their leading zero: cycle "2026.07", not "2026.7".
  CHECK(parse_tag("2026.07.1").version == Words{"2026", "07", "1"});

  // ibm-semeru-runtimes: the version is the first word that starts with a digit.
  const auto semeru = parse_tag("open-21.0.8_9-jdk-noble");
  CHECK(semeru.version == Words{"21", "0", "8"});
  CHECK(semeru.words == Words{"open", "jdk", "noble"});
}

TEST_CASE("pre-releases", "[catalog][tag]") {
  CHECK(parse_tag("3.15.0rc1-slim-trixie").prerelease());
  CHECK(parse_tag("3.15.0rc1").version_suffix == "rc1");
  CHECK(parse_tag("3.15-rc-alpine3.24").prerelease());
  CHECK(parse_tag("19beta3").prerelease());
  CHECK(parse_tag("28-ea-11").prerelease());
  CHECK(parse_tag("3.5-dev5").prerelease());
  CHECK_FALSE(parse_tag("3.14.7-trixie").prerelease());
}

TEST_CASE("alpine words", "[catalog][tag]") {
  const auto pinned = parse_tag("24.19.0-alpine3.24");
  CHECK(pinned.variant() == Variant::alpine);
  CHECK(pinned.alpine_release() == "3.24");

  // eclipse-temurin spells it with a hyphen; it stays one word.
  const auto hyphen = parse_tag("21-jre-alpine-3.24");
  CHECK(hyphen.words == Words{"jre", "alpine-3.24"});
  CHECK(hyphen.alpine_release() == "3.24");

  const auto moving = parse_tag("1.27-alpine");
  CHECK(moving.variant() == Variant::alpine);
  CHECK_FALSE(moving.alpine_release().has_value());

  // nginx's alpine-slim is an Alpine build.
  CHECK(parse_tag("1.30-alpine-slim").variant() == Variant::alpine);
  // "alpinefoo" is not an Alpine word.
  CHECK(parse_tag("1-alpinefoo").variant() == Variant::regular);
}

TEST_CASE("windows words", "[catalog][tag]") {
  CHECK(parse_tag("3.14.7-windowsservercore-ltsc2025").variant() == Variant::windows);
  CHECK(parse_tag("nanoserver-ltsc2022").variant() == Variant::windows);
}

TEST_CASE("dates", "[catalog][date]") {
  CHECK(Date::parse("2026-07-11") == Date{2026, 7, 11});
  CHECK(Date::parse("2026-08-21T16:53:11-07:00") == Date{2026, 8, 21});
  CHECK(Date::parse("2024-02-29").has_value());
  CHECK_FALSE(Date::parse("2026-02-29").has_value());
  CHECK_FALSE(Date::parse("2026-13-01").has_value());
  CHECK_FALSE(Date::parse("2026-7-11").has_value());
  CHECK_FALSE(Date::parse("true").has_value());
  CHECK(Date{2026, 7, 11} < Date{2026, 11, 23});
  CHECK(Date{2026, 7, 11}.to_string() == "2026-07-11");
}
