#include "rules/stage_platform.h"

#include <algorithm>
#include <array>

#include "catalog/catalog.h"

namespace whalesafe::rules {
namespace {

// BuildKit's automatic platform ARGs: their values are the build's, not the Dockerfile's.
constexpr std::array<std::string_view, 8> kPlatformArgs{
    "BUILDPLATFORM",  "BUILDOS",  "BUILDARCH",  "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
};

}  // namespace

std::optional<catalog::Platform> constant_platform(const model::Word& word) {
  if (!word.ok()) return std::nullopt;
  for (const model::VariableUse& use : word.expansion.uses) {
    if (std::find(kPlatformArgs.begin(), kPlatformArgs.end(), use.name) != kPlatformArgs.end()) {
      return std::nullopt;
    }
    if (!use.defined && !use.has_fallback()) return std::nullopt;
  }
  return catalog::parse_platform(word.value());
}

bool tag_serves(std::string_view image, std::string_view tag, const catalog::Platform& wanted) {
  const std::vector<std::string_view> architectures = catalog::tag_architectures(image, tag);
  if (architectures.empty()) return true;
  return std::any_of(architectures.begin(), architectures.end(), [&](std::string_view a) {
    const std::optional<catalog::Platform> published = catalog::platform_of_architecture(a);
    // An architecture name this version does not know: assume it may be the one.
    return !published || catalog::serves(*published, wanted);
  });
}

}  // namespace whalesafe::rules
