// base-image-eol: a base image whose release (or the base system its tag names) is past its
// end of life on the day of the check.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/eol.h"
#include "catalog/tag.h"
#include "rules/official_base.h"

namespace whalesafe::rules {
namespace {

// "since 2023-09-11", then what is left after the end of life: extended support (Debian LTS,
// Ubuntu ESM, RHEL ELS, vendors' commercial support) is still reported, as it is often paid,
// covers only some packages, or both; the message says it exists and until when.
std::string since(const catalog::Cycle& c, catalog::Date day) {
  std::string text = c.eol_kind == catalog::EolKind::date && c.eol_date
                         ? fmt::format("since {}", c.eol_date->to_string())
                         : "(no date published)";
  if (c.in_extended_support(day)) {
    text += fmt::format("; only {} remains",
                        c.extended_name.empty() ? "extended support" : c.extended_name);
    if (c.extended_until) text += fmt::format(", until {}", c.extended_until->to_string());
  }
  return text;
}

// Whether the tag as written names the base system (`3.11-buster`). A maintained tag that
// does not (`node:22`) is on whatever system its maintainers still build it on, which they
// support; the catalog finds that system through the tag's pinned alias, so skip it here.
bool names_base(std::string_view tag, std::string_view matched) {
  return !matched.empty() && tag.find(matched) != std::string_view::npos;
}

// Whether the official image still published the tag after the cycle's end-of-life date: the
// snapshot lists it and is newer than that date. endoflife.date dates the end of regular
// support; a distribution whose images are still rebuilt then (Debian and Ubuntu LTS) still
// gets security fixes, so it is not reported until the images stop.
bool still_published(const OfficialBase& o, const catalog::Cycle& c) {
  return c.eol_kind == catalog::EolKind::date && c.eol_date &&
         *c.eol_date < catalog::snapshot_date() && catalog::has_tag(o.image, o.tag);
}

// Numeric order of dotted versions ("9" < "10"); components compared as numbers.
bool version_less(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i].size() != b[i].size()) return a[i].size() < b[i].size();
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return a.size() < b.size();
}

// The smallest upgrade the official image still maintains: a tag with the same variant words
// and as many version components (`16-alpine` -> `22-alpine`), whose release is supported on
// `day`. nullopt when the image has none (centos, or variants that were dropped).
std::optional<std::string> supported_successor(std::string_view image, std::string_view tag,
                                               catalog::Date day) {
  const catalog::ParsedTag from = catalog::parse_tag(tag);
  if (from.version.empty() || !from.date_stamp.empty()) return std::nullopt;
  std::vector<std::string> words = from.words;
  std::sort(words.begin(), words.end());
  std::optional<catalog::ParsedTag> best;
  for (std::string_view candidate : catalog::tags(image)) {
    catalog::ParsedTag t = catalog::parse_tag(candidate);
    std::vector<std::string> t_words = t.words;
    std::sort(t_words.begin(), t_words.end());
    if (t_words != words || t.version.size() != from.version.size() || t.prerelease() ||
        !t.version_suffix.empty() || !t.date_stamp.empty() || t.v_prefix != from.v_prefix ||
        !version_less(from.version, t.version)) {
      continue;
    }
    const auto status = catalog::eol_status(image, candidate, day);
    if (!status || status->past_eol) continue;
    if (!best || version_less(t.version, best->version)) best = std::move(t);
  }
  if (!best) return std::nullopt;
  return best->text;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const catalog::Date day = ctx.eol_date();
  for (const BaseImage& b : base_images(ctx)) {
    const std::optional<OfficialBase> o = official_base(ctx, b);
    if (!o) continue;
    const std::string image = fmt::format("{}:{}", o->image, o->tag);
    std::string message;
    if (auto s = catalog::eol_status(o->image, o->tag, day);
        s && s->past_eol && !still_published(*o, s->cycle)) {
      message = fmt::format("base image '{}' is {}, past its end of life {}", image,
                            s->cycle.display_name(), since(s->cycle, day));
      if (const auto next = supported_successor(o->image, o->tag, day)) {
        message += fmt::format("; '{}:{}' is supported", o->image, *next);
      }
    } else if (auto base = catalog::base_eol_status(o->image, o->tag, day);
               base && base->past_eol && names_base(o->tag, base->matched) &&
               !still_published(*o, base->cycle)) {
      message = fmt::format("base image '{}' is built on {}, past its end of life {}", image,
                            base->cycle.display_name(), since(base->cycle, day));
    } else {
      continue;
    }
    const TSNode where = o->literal && !ts_node_is_null(b.tag) ? b.tag : b.spec;
    reporter.report(where, std::move(message));
  }
}

}  // namespace

const Rule& rule_base_image_eol() {
  static const Rule rule{
      {.slug = "base-image-eol",
       .summary = "Base images must not be past their end of life",
       .severity = Severity::kWarning,
       .doc = {.what = "Reports a `FROM` of a Docker Official Image whose release is past its "
                       "end of life on the day of the check (`node:16`, `python:3.7`, "
                       "`centos:7`, `ubuntu:18.04`), or whose tag names a base system that is "
                       "(`python:3.11-buster` is on Debian 10; a tag that names no system, such as "
                       "`node:22`, is on the one its maintainers build it on). A tag the official "
                       "images still published after that date (in the catalog's snapshot) is "
                       "not reported: endoflife.date dates the end of regular support, and "
                       "images still rebuilt later get the distribution's long-term security "
                       "updates (`debian:bookworm` after 2026-07-11). Releases and dates "
                       "come from "
                       "endoflife.date through whalesafe's image catalog (see "
                       "`whalesafe --version` for its snapshot, `whalesafe catalog update` to "
                       "refresh it); aliases such as `node:lts` are read as the release they "
                       "point to. `eol-grace-days` in `.whalesafe.yaml` reports a release only "
                       "that many days after its end of life, and `eol-date` (or `whalesafe "
                       "check --date`) judges on a fixed day instead of today. A release past its "
                       "end of life that still has extended support (Debian LTS, Ubuntu's "
                       "Expanded Security Maintenance, vendors' commercial support) is still "
                       "reported, at the same severity: that support is often paid, covers only "
                       "some packages, or both; the message names it and its end date. References "
                       "built from variables are judged by "
                       "their `ARG` defaults; images outside Docker Hub's official namespace "
                       "are not known. The message names the smallest upgrade the official "
                       "image still maintains with the same variant (`node:16-alpine` -> "
                       "`node:22-alpine`), when there is one. There is no automatic fix: "
                       "moving to a supported release is an upgrade to test.",
               .why = "After its end of life a release gets no security fixes: every "
                      "vulnerability found later stays in the image for good, scanners flag "
                      "it, and the package mirrors of old distributions disappear, so even "
                      "rebuilding starts to fail.",
               .example = "FROM node:16-alpine\nCOPY . /app\n",
               .instead = "FROM node:24-alpine\nCOPY . /app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
