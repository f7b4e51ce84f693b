// base-image-untagged: `FROM image` without a tag or digest, which silently means `:latest`.
#include <fmt/format.h>

#include "catalog/image_ref.h"
#include "rewrites/pin_slim_tag.h"
#include "rules/base_image.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const BaseImage& b : base_images(ctx)) {
    if (b.is_scratch || b.is_stage) continue;
    if (!b.uses_variables) {
      if (!ts_node_is_null(b.tag) || !ts_node_is_null(b.digest)) continue;
      reporter.report(b.spec,
                      fmt::format("base image '{}' has no tag, so it means '{}:latest', "
                                  "which changes whenever a new version is pushed",
                                  b.name_text, b.name_text),
                      rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix);
      continue;
    }
    // `FROM ${BASE}`: judge what the ARG defaults make of it.
    if (!b.resolved) continue;
    const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
    if (ref.has_variable || !ref.tag.empty() || !ref.digest.empty()) continue;
    reporter.report(b.spec,
                    fmt::format("base image '{}' resolves to '{}', which has no tag, so "
                                "it means '{}:latest'",
                                ctx.text(b.spec), *b.resolved, ref.name),
                    rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix);
  }
}

}  // namespace

const Rule& rule_base_image_untagged() {
  static const Rule rule{
      {.slug = "base-image-untagged",
       .summary = "Base images need an explicit tag",
       .severity = Severity::kWarning,
       .aliases = {"DL3006", "DS001", "CKV_DOCKER_7"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports a `FROM` whose image has neither a tag nor a digest. A "
                       "reference built from variables is judged by what the `ARG` defaults "
                       "before the `FROM` make of it (`ARG BASE=ubuntu` then `FROM $BASE` is "
                       "untagged, `ARG BASE=ubuntu:24.04` is not); one using an `ARG` without "
                       "a default is left to the build. `scratch` and earlier stages are not "
                       "images.",
               .why = "An untagged image is `:latest`: each build may get a different "
                      "operating system or runtime version, so builds are not reproducible "
                      "and break without any change to the Dockerfile.",
               .example = "FROM ubuntu\nRUN apt-get update\n",
               .instead = "FROM ubuntu:24.04\nRUN apt-get update\n",
               .fix = "The pin-slim-tag rewrite (docs/fixes/pin-slim-tag.md): for a Docker "
                      "Official Image, adds the most precise tag of the build `latest` pointed "
                      "to in whalesafe's image catalog (also to the `ARG` default the "
                      "reference comes from), in its slim variant when the stage reaches the "
                      "final image (`ubuntu` -> `ubuntu:resolute-20260811.1`, `node` -> "
                      "`node:24.19.0-trixie-slim`), and pins it by digest when one is known; "
                      "an image the catalog does not know is pinned by digest only, when one "
                      "is known. Unsafe: the catalog is a snapshot (see `whalesafe --version`; "
                      "`whalesafe catalog update` refreshes it), so the pin may be older than "
                      "what `latest` pulls today, the slim image lacks tools the full one has, "
                      "and the build stops following new releases until someone updates the "
                      "tag."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
