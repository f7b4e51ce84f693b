// base-image-eol: a base image whose release (or the base system its tag names) is past its
// end of life on the day of the check.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/eol.h"
#include "rewrites/pin_choice.h"
#include "rewrites/pin_slim_tag.h"
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

void check(const RuleContext& ctx, Reporter& reporter) {
  const catalog::Date day = ctx.eol_date();
  for (const BaseImage& b : base_images(ctx)) {
    const std::optional<OfficialBase> o = official_base(ctx, b);
    if (!o) continue;
    const std::string image = fmt::format("{}:{}", o->image, o->tag);
    const std::optional<rewrites::EolVerdict> verdict = rewrites::ended(o->image, o->tag, day);
    if (!verdict) continue;
    const catalog::Cycle& cycle = verdict->status.cycle;
    std::string message;
    if (!verdict->base) {
      message = fmt::format("base image '{}' is {}, past its end of life {}", image,
                            cycle.display_name(), since(cycle, day));
      if (const auto next = rewrites::supported_successor(o->image, o->tag, day)) {
        message += fmt::format("; '{}:{}' is supported", o->image, *next);
      }
    } else {
      message = fmt::format("base image '{}' is built on {}, past its end of life {}", image,
                            cycle.display_name(), since(cycle, day));
    }
    const TSNode where = o->literal && !ts_node_is_null(b.tag) ? b.tag : b.spec;
    reporter.report(where, std::move(message),
                    rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix);
  }
}

}  // namespace

const Rule& rule_base_image_eol() {
  static const Rule rule{
      {.slug = "base-image-eol",
       .summary = "Base images must not be past their end of life",
       .severity = Severity::kWarning,
       .fix = FixKind::kUnsafe,
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
                       "`node:22-alpine`), when there is one.",
               .why = "After its end of life a release gets no security fixes: every "
                      "vulnerability found later stays in the image for good, scanners flag "
                      "it, and the package mirrors of old distributions disappear, so even "
                      "rebuilding starts to fail.",
               .example = "FROM node:16-alpine\nCOPY . /app\n",
               .instead = "FROM node:24-alpine\nCOPY . /app\n",
               .fix = "The pin-slim-tag rewrite (docs/fixes/pin-slim-tag.md): moves the tag (or "
                      "the `ARG` default it comes from) to the nearest release the image still "
                      "maintains and that is supported, with the same variant (`node:16-alpine` "
                      "-> `node:22.23.2-alpine3.24`; a base system past its end of life gives "
                      "way to the image's default one, `python:3.11-buster` -> "
                      "`python:3.11.16-trixie`), pinned to its most precise tag, in its slim "
                      "variant when the stage reaches the final image, and by digest when one "
                      "is known. Unsafe: a new release is an upgrade to test; the old one's "
                      "behaviour, APIs and packages may differ."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
