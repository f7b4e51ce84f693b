// base-image-platform-unavailable: `FROM --platform=<constant>` naming a platform the official
// image's tag is not published for.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "catalog/platform.h"
#include "rules/official_base.h"
#include "rules/stage_platform.h"

namespace whalesafe::rules {
namespace {

std::string published_list(const std::vector<std::string_view>& architectures) {
  std::string list;
  for (std::string_view architecture : architectures) {
    const std::optional<catalog::Platform> p = catalog::platform_of_architecture(architecture);
    if (!list.empty()) list += ", ";
    list += p ? p->to_string() : std::string(architecture);
  }
  return list;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& model = ctx.model();
  for (const BaseImage& b : base_images(ctx)) {
    const std::size_t index = b.stage->index;
    if (index >= model.stages.size() || !model.stages[index].platform) continue;
    const model::Word& word = *model.stages[index].platform;
    const std::optional<catalog::Platform> wanted = constant_platform(word);
    if (!wanted) continue;
    const std::optional<OfficialBase> o = official_base(ctx, b);
    if (!o) continue;
    // Only a maintained tag has known platforms; anything else is not the catalog's to judge.
    const std::vector<std::string_view> architectures =
        catalog::tag_architectures(o->image, o->tag);
    if (architectures.empty()) continue;
    const bool available = tag_serves(o->image, o->tag, *wanted);
    if (available) continue;
    reporter.report(word.node,
                    fmt::format("'{}:{}' is not published for {}; its platforms are {}", o->image,
                                o->tag, wanted->to_string(), published_list(architectures)));
  }
}

}  // namespace

const Rule& rule_base_image_platform_unavailable() {
  static const Rule rule{
      {.slug = "base-image-platform-unavailable",
       .summary = "FROM --platform must name a platform the base image is published for",
       .severity = Severity::kWarning,
       .aliases = {"InvalidBaseImagePlatform"},
       .doc = {.what = "Reports `FROM --platform=<platform>` on a Docker Official Image whose "
                       "tag is not published for that platform, according to the `Architectures` "
                       "of its official-images entry in whalesafe's image catalog "
                       "(`FROM --platform=linux/s390x` on a tag built only for amd64 and arm64). "
                       "The platform may come from `ARG` defaults; one that uses BuildKit's "
                       "platform arguments (`$BUILDPLATFORM`, `$TARGETARCH`, ...) or an `ARG` "
                       "without a value is decided by the build and not judged. Platforms are "
                       "read as Docker reads them (`linux/arm64` is `linux/arm64/v8`, "
                       "`linux/arm` is `linux/arm/v7`, `x86_64` is `amd64`); a 32-bit arm "
                       "variant is served by an image of an older one (`linux/arm/v7` runs "
                       "`arm32v6`). Images outside the official namespace, tags the catalog "
                       "does not list and platforms it cannot name are not reported. There is "
                       "no automatic fix: the right change is another tag, another image or "
                       "another platform.",
               .why = "With a multi-platform tag that lacks the platform, the pull fails (`no "
                      "match for platform in manifest`); with a single-platform image, BuildKit "
                      "pulls the wrong platform and the stage runs under emulation or not at "
                      "all. Either way the build does not do what the line says.",
               .example = "FROM --platform=linux/s390x eclipse-temurin:21-jre-alpine\n",
               .instead = "FROM --platform=linux/s390x eclipse-temurin:21-jre\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
