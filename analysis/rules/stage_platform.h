// The platform a FROM's `--platform` asks for when the Dockerfile alone decides it, and whether
// an official image's tag is published for it: base-image-platform-unavailable reports a tag
// that is not, and the pin-slim-tag rewrite never moves a FROM to one.
#pragma once

#include <optional>
#include <string_view>

#include "catalog/platform.h"
#include "model/model.h"

namespace whalesafe::rules {

// A constant, or ARG defaults (and `${X:-default}` fallbacks); nullopt when a platform ARG
// (BUILDPLATFORM, TARGETARCH, ...) or an ARG without a value takes part, or the value is not a
// platform the official images could publish.
std::optional<catalog::Platform> constant_platform(const model::Word& word);

// Whether `image:tag` is published for `wanted`; true when the catalog does not know the tag's
// platforms (only a maintained tag has known ones) or an architecture name is unknown.
bool tag_serves(std::string_view image, std::string_view tag, const catalog::Platform& wanted);

}  // namespace whalesafe::rules
