// The catalog half of the pin-slim-tag rewrite: which tag a FROM of a Docker Official Image
// should name. No syntax here (pin_slim_tag.cpp edits the Dockerfile); the base-image rules
// use the same judgements (end of life, the image's small form) so that what they report and
// what the rewrite produces agree, and the fixed file is not reported again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/date.h"
#include "catalog/eol.h"

namespace whalesafe::rewrites {

// Why a tag is past its end of life, as base-image-eol reports it: its release, or the base
// system the tag names. A tag the official images still published after the end-of-life date
// (in the catalog's snapshot) is not ended: its images still get the distribution's long-term
// security updates.
struct EolVerdict {
  catalog::EolStatus status;
  bool base = false;  // the base system (`-buster`), not the release itself, is past its end
};
std::optional<EolVerdict> ended(std::string_view image, std::string_view tag, catalog::Date day);

// The smallest upgrade the official image still maintains: a tag with the same variant words
// (an ended base-system word replaced by the moving default, `alpine3.20` by `alpine`) and as
// many version components (`16-alpine` -> `22-alpine`, `22.1-bookworm` -> `22.22-bookworm`),
// whose release is not past its end of life on `day`; for a codename tag without a version
// (`debian:buster-slim`), the oldest supported codename with the same other words. nullopt
// when the image has none.
std::optional<std::string> supported_successor(std::string_view image, std::string_view tag,
                                               catalog::Date day);

// The image's small form of a maintained tag's build: the slim variant of the same version and
// words (`3.12` -> `3.12-slim`), else its JRE runtime (`21-jdk` -> `21-jre`), else Alpine
// (`1.27` -> `1.27-alpine`). nullopt when the build is not a full (regular) one, is already a
// JRE, or the image has none.
std::optional<catalog::Alternative> small_form(std::string_view image, std::string_view tag);

// What the rewrite asks for one FROM.
struct PinRequest {
  std::string image;   // the official image ("node")
  std::string tag;     // the tag Docker pulls ("latest" when the FROM has none)
  bool small = false;  // the stage reaches the final image: move to the small form
  catalog::Date day;   // end of life is judged on this day
  // The new tag must start with `prefix` and end with `suffix` (the literal text around an
  // `${ARG}` in `node:${VERSION}-alpine`); empty: anything.
  std::string prefix = {};
  std::string suffix = {};
};

struct PinChoice {
  std::string tag;        // the most precise alias of the chosen build ("24.19.0-trixie-slim")
  std::string line;       // the maintained tag it was chosen through ("24-slim")
  bool upgraded = false;  // the release (or base system) changed because it is past its end
  bool smaller = false;   // moved to the small form
};

struct PinPlan {
  std::optional<PinChoice> choice;
  std::string why_not;  // when there is no choice
};

PinPlan choose_pin(const PinRequest& request);

}  // namespace whalesafe::rewrites
