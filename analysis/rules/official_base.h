// The Docker Official Image a FROM builds on, in the terms the image catalog (analysis/catalog)
// asks about: the catalog-backed base-image-* rules start here.
#pragma once

#include <optional>
#include <string>

#include "rules/base_image.h"

namespace whalesafe::rules {

struct OfficialBase {
  std::string image;  // the official image: "python" (also for docker.io/library/python)
  std::string tag;    // the tag Docker pulls: as written, or "latest" when the FROM has none
  // The tag is in the FROM line literally (b.tag, or no tag at all), not behind a variable:
  // a fix may edit it there.
  bool literal = false;
  bool has_digest = false;
};

// nullopt for scratch, earlier stages, images outside Docker Hub's official namespace,
// digest-only references, and references whose variables only the build supplies; a
// reference built from ARG defaults is judged by its value.
std::optional<OfficialBase> official_base(const RuleContext& ctx, const BaseImage& b);

}  // namespace whalesafe::rules
