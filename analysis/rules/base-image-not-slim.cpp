// base-image-not-slim: the final image is built on a full official image whose slim (or
// Alpine) variant of the same version exists.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "rules/final_image.h"
#include "rules/official_base.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<BaseImage> bases = base_images(ctx);
  for (std::size_t index : final_image_stages(ctx)) {
    for (const BaseImage& b : bases) {
      if (b.stage->index != index) continue;
      const std::optional<OfficialBase> o = official_base(ctx, b);
      if (!o) continue;
      // Only full images: the catalog would offer Alpine for a slim one.
      const catalog::Entry* entry = catalog::find_entry(o->image, o->tag);
      if (entry == nullptr || entry->variant != catalog::Variant::regular) continue;
      const std::optional<catalog::Alternative> alt =
          catalog::smaller_alternative(o->image, o->tag);
      if (!alt) continue;
      const std::string_view variant =
          alt->variant == catalog::Variant::alpine ? "an Alpine" : "a slim";
      const std::string message = fmt::format(
          "the final image is built on '{0}:{1}'; '{0}:{2}' is the same version as {3} image, "
          "smaller and with fewer packages to patch",
          o->image, o->tag, alt->tag, variant);
      // A digest pins the full image on purpose, and a tag behind a variable is the ARG's.
      std::optional<findings::Fix> fix;
      if (o->literal && !o->has_digest) {
        const std::string description = fmt::format("Use {}:{}", o->image, alt->tag);
        if (!ts_node_is_null(b.tag)) {
          fix = findings::Fix{
              description,
              findings::Applicability::kUnsafe,
              {{ts_node_start_byte(b.tag), ts_node_end_byte(b.tag), std::string(alt->tag)}}};
        } else {
          const uint32_t end = ts_node_end_byte(b.name);
          fix = findings::Fix{description,
                              findings::Applicability::kUnsafe,
                              {{end, end, fmt::format(":{}", alt->tag)}}};
        }
      }
      const TSNode where = o->literal && !ts_node_is_null(b.tag) ? b.tag : b.spec;
      reporter.report(where, message, std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_base_image_not_slim() {
  static const Rule rule{
      {.slug = "base-image-not-slim",
       .summary = "Build the final image on a slim or Alpine variant",
       // Advice: some images need the full variant's tools at run time.
       .severity = Severity::kInfo,
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports the base image of the final stage (and of the stages it is "
                       "built `FROM`) when it is a full Docker Official Image and the image "
                       "catalog knows a maintained variant of the same version and suite that "
                       "is slim (`python:3.12` -> `3.12-slim`, `node:22-bookworm` -> "
                       "`22-bookworm-slim`) or, when there is no slim one, Alpine "
                       "(`golang:1.24` -> `1.24-alpine`). Builder stages that do not reach "
                       "the final image are not reported: their size does not ship. Images "
                       "that are already slim, Alpine or Windows, and tags the catalog does "
                       "not list, are left alone.",
               .why = "A full image carries compilers, headers, documentation and hundreds "
                      "of packages the application never uses. They make the image several "
                      "times larger to store, pull and start, and every one of them is "
                      "attack surface that vulnerability scanners report and someone must "
                      "patch.",
               .example =
                   "FROM python:3.12\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
               .instead = "FROM python:3.12-slim\nCOPY app.py /app/\n"
                          "CMD [\"python\", \"/app/app.py\"]\n",
               .fix = "Replaces the tag with the catalog's slim (or Alpine) tag for the same "
                      "version, or adds it to an untagged image. Unsafe: the smaller image "
                      "lacks tools and libraries that later `RUN` steps or the application "
                      "may need (compilers for native extensions, `git`, `curl`, locales), "
                      "and Alpine uses musl instead of glibc. Not offered when a digest pins "
                      "the image or the tag comes from a variable."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
