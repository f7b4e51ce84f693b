// base-image-not-slim: the final image is built on a full official image whose slim (or
// Alpine) variant of the same version exists.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "rewrites/pin_choice.h"
#include "rewrites/pin_slim_tag.h"
#include "rules/final_image.h"
#include "rules/official_base.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<BaseImage>& bases = base_images(ctx);
  for (std::size_t index : final_image_stages(ctx)) {
    for (const BaseImage& b : bases) {
      if (b.stage->index != index) continue;
      const std::optional<OfficialBase> o = official_base(ctx, b);
      if (!o) continue;
      // Only full images: the catalog would offer Alpine for a slim one.
      const catalog::Entry* entry = catalog::find_entry(o->image, o->tag);
      if (entry == nullptr || entry->variant != catalog::Variant::regular) continue;
      const std::optional<catalog::Alternative> alt = rewrites::small_form(o->image, o->tag);
      if (!alt) continue;
      // Only Alpine is smaller, and the stages on this one run what Alpine lacks (apt-get,
      // useradd, bash, ...): moving means rewriting them, not a change of tag. Not reported.
      if (alt->variant == catalog::Variant::alpine &&
          rewrites::non_alpine_program(ctx, b.stage->index)) {
        continue;
      }
      const std::string_view variant = alt->variant == catalog::Variant::alpine ? "an Alpine"
                                       : alt->variant == catalog::Variant::slim ? "a slim"
                                                                                : "a runtime-only";
      const std::string message = fmt::format(
          "the final image is built on '{0}:{1}'; '{0}:{2}' is the same version as {3} image, "
          "smaller and with fewer packages to patch",
          o->image, o->tag, alt->tag, variant);
      // A digest pins the full image on purpose (the rewrite leaves it alone).
      std::optional<findings::Fix> fix = rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix;
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
                       "`22-bookworm-slim`), else the JRE of a JDK image (`eclipse-temurin:21` "
                       "-> `21-jre`), else Alpine (`golang:1.24` -> `1.24-alpine`). Builder stages "
                       "that do not reach "
                       "the final image are not reported: their size does not ship. Images "
                       "that are already slim, Alpine or Windows, and tags the catalog does "
                       "not list, are left alone. Nor is an image whose only smaller variant is "
                       "Alpine when the stage, or a stage built on it, runs something Alpine "
                       "does not have (another distribution's package manager, `useradd`, "
                       "bash): moving would mean rewriting those commands.",
               .why = "A full image carries compilers, headers, documentation and hundreds "
                      "of packages the application never uses. They make the image several "
                      "times larger to store, pull and start, and every one of them is "
                      "attack surface that vulnerability scanners report and someone must "
                      "patch.",
               .example =
                   "FROM python:3.12\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
               .instead = "FROM python:3.12-slim\nCOPY app.py /app/\n"
                          "CMD [\"python\", \"/app/app.py\"]\n",
               .fix = "The pin-slim-tag rewrite (docs/fixes/pin-slim-tag.md): replaces the "
                      "tag (or the `ARG` default it comes from) with the most precise tag of "
                      "the image's small form of the same version, `python:3.12` -> "
                      "`python:3.12.14-slim-trixie` (the slim variant, else the JRE of a JDK "
                      "image, else Alpine), and pins it by digest when one is known. Unsafe: "
                      "the smaller image lacks tools and libraries that later `RUN` steps or "
                      "the application may need (compilers for native extensions, `git`, "
                      "`curl`, locales), and Alpine uses musl instead of glibc. Not offered "
                      "when a digest pins the image."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
