// The fix base-image-latest and base-image-untagged share: pin an official image's `latest`
// (written, or implied by a missing tag) to the catalog's most precise tag for the same build.
#pragma once

#include <optional>

#include "findings/diagnostic.h"
#include "rules/base_image.h"

namespace whalesafe::rules {

// `FROM python:latest` / `FROM python` -> `python:3.14.7-trixie` (what `latest` pointed to in
// the catalog's snapshot). Unsafe: the pin is what the snapshot knew, which may be older than
// what `latest` pulls today. nullopt for references with variables or a digest, images the
// catalog does not know, and images without a `latest` tag.
std::optional<findings::Fix> pin_latest_fix(const RuleContext& ctx, const BaseImage& b);

}  // namespace whalesafe::rules
