// The offline image catalog: which Docker Official Images and tags exist (are maintained)
// in the shared official-images snapshot, which tags name the same build, and which tag is
// the most precise pin or the closest slim/alpine variant of another. Generated from
// scripts/derive-catalog.py; see docs/catalog.md for the sources and the snapshot date.
//
// Every `image` parameter accepts the spellings official_image_name() understands
// (`python`, `library/python`, `docker.io/library/python`); anything else, including
// images of other namespaces and registries, is simply unknown. Tags are matched exactly
// (`latest` included); a digest-only or `$`-holding reference is the caller's to resolve
// (see image_ref.h). Returned string_views point into static data and never dangle.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/date.h"
#include "catalog/tag.h"

namespace whalesafe::catalog {

// One build: a paragraph of the library file. All its tags are aliases of one image.
struct Entry {
  std::string_view image;
  Variant variant = Variant::regular;
  std::vector<std::string_view> tags;
  // Multi-platform tags this build is part of; the same shared tag usually also names
  // Windows builds of other entries (python's `3.14` and `latest` are shared tags only).
  std::vector<std::string_view> shared_tags;
  std::vector<std::string_view> architectures;  // "amd64", "arm64v8", "windows-amd64", ...

  bool has_tag(std::string_view tag) const;  // in tags or shared tags
};

struct Image {
  std::string_view name;
  std::vector<const Entry*> entries;  // in file order, roughly newest first
};

enum class ImageStatus {
  unknown,     // not an official image known to the snapshot
  active,      // has maintained tags
  deprecated,  // has a library file whose every entry is commented out (no tags)
  removed,     // no library file any more, but known to have been one (centos)
};

ImageStatus image_status(std::string_view image);
// nullptr unless the image has a library file (active or deprecated).
const Image* find_image(std::string_view image);
// Names of all images with a library file, sorted.
std::vector<std::string_view> image_names();

// Every tag and shared tag of the image, sorted and without duplicates; empty if unknown.
std::vector<std::string_view> tags(std::string_view image);
// Whether `image:tag` is maintained: listed as a tag or shared tag in the snapshot. A tag
// missing here may still be pullable, but nobody rebuilds it any more.
bool has_tag(std::string_view image, std::string_view tag);
// The build a tag names. For a shared tag, the first Linux entry that carries it (what a
// Linux client pulls), else the first entry. nullptr when the tag is not maintained.
const Entry* find_entry(std::string_view image, std::string_view tag);
// Every architecture the tag is published for: the union over the entries carrying it (a
// shared tag such as python's `3.14` spans Linux and Windows builds), in first-seen order.
// Empty when the tag is not maintained.
std::vector<std::string_view> tag_architectures(std::string_view image, std::string_view tag);

// The most precise alias of the tag's build: a date-stamped tag if there is one, else the
// one with the most version components, then the most words (an explicit suite). E.g.
// python:3.14-slim -> 3.14.7-slim-trixie, debian:bookworm -> bookworm-20260803. Offline,
// this is the strongest pin (the snapshot holds no digests). nullopt if not maintained.
std::optional<std::string_view> pinned_tag(std::string_view image, std::string_view tag);

struct LatestVersion {
  std::string_view pinned_tag;  // the most precise alias of `latest`'s build ("3.14.7-trixie")
  std::string version;          // its most precise version ("3.14.7"; debian: "13.6")
};
// What `latest` points to; nullopt when the image has no `latest` tag (mongo, elasticsearch).
std::optional<LatestVersion> latest_version(std::string_view image);

struct Alternative {
  std::string_view tag;
  Variant variant = Variant::regular;
};
// A maintained tag naming the same version and words as `tag` plus `slim` (python:3.12 ->
// 3.12-slim, node:24-bookworm -> 24-bookworm-slim, debian:bookworm -> bookworm-slim).
// nullopt when the tag is not maintained, is already slim, alpine or Windows, or the image
// has no such tag.
std::optional<Alternative> slim_alternative(std::string_view image, std::string_view tag);
// The same version on Alpine: words minus `slim` and Debian/Ubuntu suite names, plus
// `alpine` (golang:1.27-trixie -> 1.27-alpine); when the image only has pinned Alpine tags,
// the newest alpine3.NN one (bash:5.3 -> 5.3-alpine3.24).
std::optional<Alternative> alpine_alternative(std::string_view image, std::string_view tag);
// slim_alternative, else alpine_alternative.
std::optional<Alternative> smaller_alternative(std::string_view image, std::string_view tag);

// Where the facts come from.
struct Source {
  std::string_view repository;   // "docker-library/official-images", "endoflife-date/..."
  std::string_view commit;       // upstream commit of the snapshot
  std::string_view commit_time;  // ISO 8601 with offset
  Date date;                     // the commit time's own calendar date
};
std::vector<Source> sources();
// The date the catalog is current as of: the older of the two sources' commit dates.
Date snapshot_date();

}  // namespace whalesafe::catalog
