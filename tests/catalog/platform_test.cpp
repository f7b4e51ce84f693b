// Platforms: official-images architecture names, `--platform` values as Docker reads them, and
// which published platform serves which wanted one.
#include "catalog/platform.h"

#include <catch2/catch.hpp>

#include "catalog/catalog.h"

namespace catalog = whalesafe::catalog;

namespace {
std::string parsed(std::string_view text) {
  const auto p = catalog::parse_platform(text);
  return p ? p->to_string() : "-";
}
std::string of(std::string_view architecture) {
  const auto p = catalog::platform_of_architecture(architecture);
  return p ? p->to_string() : "-";
}
bool serves(std::string_view published, std::string_view wanted) {
  return catalog::serves(*catalog::platform_of_architecture(published),
                         *catalog::parse_platform(wanted));
}
}  // namespace

TEST_CASE("official-images architectures as platforms", "[catalog][platform]") {
  CHECK(of("amd64") == "linux/amd64");
  CHECK(of("arm32v5") == "linux/arm/v5");
  CHECK(of("arm32v7") == "linux/arm/v7");
  CHECK(of("arm64v8") == "linux/arm64/v8");
  CHECK(of("i386") == "linux/386");
  CHECK(of("s390x") == "linux/s390x");
  CHECK(of("windows-amd64") == "windows/amd64");
  CHECK(of("sparc") == "-");
  // Every architecture the snapshot uses has a platform.
  for (std::string_view image : catalog::image_names()) {
    for (const catalog::Entry* entry : catalog::find_image(image)->entries) {
      for (std::string_view architecture : entry->architectures) {
        INFO(image << " " << architecture);
        CHECK(catalog::platform_of_architecture(architecture).has_value());
      }
    }
  }
}

TEST_CASE("--platform values are normalized as Docker reads them", "[catalog][platform]") {
  CHECK(parsed("linux/amd64") == "linux/amd64");
  CHECK(parsed("Linux/AMD64") == "linux/amd64");
  CHECK(parsed("linux/x86_64") == "linux/amd64");
  CHECK(parsed("x86_64") == "linux/amd64");
  CHECK(parsed("linux/aarch64") == "linux/arm64/v8");
  CHECK(parsed("linux/arm64") == "linux/arm64/v8");
  CHECK(parsed("linux/arm") == "linux/arm/v7");
  CHECK(parsed("linux/arm/6") == "linux/arm/v6");
  CHECK(parsed("linux/armel") == "linux/arm/v6");
  CHECK(parsed("linux/i386") == "linux/386");
  CHECK(parsed("windows/amd64") == "windows/amd64");
  CHECK(parsed("linux/amd64/v3") == "linux/amd64/v3");
  // Not a platform the official images could publish, or not a platform at all.
  CHECK(parsed("linux") == "-");
  CHECK(parsed("darwin/arm64") == "-");
  CHECK(parsed("linux/sparc64") == "-");
  CHECK(parsed("linux/arm64/v8/extra") == "-");
  CHECK(parsed("") == "-");
}

TEST_CASE("which published platform serves which wanted one", "[catalog][platform]") {
  CHECK(serves("amd64", "linux/amd64"));
  CHECK(serves("amd64", "linux/amd64/v3"));  // micro-architecture levels run amd64 images
  CHECK_FALSE(serves("amd64", "windows/amd64"));
  CHECK_FALSE(serves("windows-amd64", "linux/amd64"));
  CHECK(serves("arm64v8", "linux/arm64"));
  CHECK_FALSE(serves("arm32v7", "linux/arm64"));  // a 32-bit image is not an arm64 one
  CHECK(serves("arm32v6", "linux/arm/v7"));       // older 32-bit arm code runs on v7
  CHECK(serves("arm32v7", "linux/arm/v7"));
  CHECK_FALSE(serves("arm32v7", "linux/arm/v6"));
  CHECK_FALSE(serves("i386", "linux/amd64"));
}

TEST_CASE("a tag's architectures span every entry carrying it", "[catalog][platform]") {
  using Names = std::vector<std::string_view>;
  CHECK(catalog::tag_architectures("eclipse-temurin", "21-jre-alpine") ==
        Names{"amd64", "arm64v8"});
  // A shared tag: the Linux build and the Windows builds.
  const Names shared = catalog::tag_architectures("docker.io/library/eclipse-temurin", "21-jre");
  CHECK(shared == Names{"amd64", "arm64v8", "ppc64le", "s390x", "windows-amd64"});
  CHECK(catalog::tag_architectures("python", "3.7").empty());
  CHECK(catalog::tag_architectures("bitnami/python", "3.12").empty());
}
