// Whether a string is an image reference Docker accepts (`name[:tag][@digest]`, normalized as
// `docker pull` does), following the grammar of the distribution/reference package that
// BuildKit parses FROM images with. For checks on FROM lines whose image comes from ARGs.
#pragma once

#include <string_view>

namespace whalesafe::rules {

// True for `alpine`, `alpine:3.20`, `ghcr.io/acme/app:1.0@sha256:<64 hex>`,
// `localhost:5000/app`; false for "", upper-case repository names (`Alpine`), `alpine:`,
// `:3.20`, `app@sha256:short`, names with blanks, and 64-character hexadecimal image IDs.
bool is_valid_image_reference(std::string_view reference);

// One `/`-separated component of a repository path: lower-case alphanumerics joined by `.`,
// `_`, `__` or runs of `-` (`library`, `my-app`, `a__b`; not `App`, `a..b`, `-a`).
bool is_valid_repository_component(std::string_view component);

}  // namespace whalesafe::rules
