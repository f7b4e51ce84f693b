// base-image-latest: `FROM image:latest` without a digest.
#include <fmt/format.h>

#include "catalog/image_ref.h"
#include "rewrites/pin_slim_tag.h"
#include "rules/base_image.h"
#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const BaseImage& b : base_images(ctx)) {
    if (b.is_scratch || b.is_stage) continue;
    if (!b.uses_variables) {
      if (ts_node_is_null(b.tag) || !ts_node_is_null(b.digest) || ctx.text(b.tag) != "latest") {
        continue;
      }
      reporter.report(b.tag,
                      fmt::format("base image '{}' uses the 'latest' tag, which changes "
                                  "whenever a new version is pushed",
                                  b.name_text),
                      rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix);
      continue;
    }
    // `FROM node:${NODE_VERSION}` with `ARG NODE_VERSION=latest`.
    if (!b.resolved) continue;
    const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
    if (ref.has_variable || ref.tag != "latest" || !ref.digest.empty()) continue;
    reporter.report(b.spec,
                    fmt::format("base image '{}' resolves to '{}', whose 'latest' tag "
                                "changes whenever a new version is pushed",
                                ctx.text(b.spec), *b.resolved),
                    rewrites::pin_for_stage(ctx, b.stage->index).outcome.fix);
  }
}

}  // namespace

const Rule& rule_base_image_latest() {
  static const Rule rule{
      {.slug = "base-image-latest",
       .summary = "Base images should not use the latest tag",
       .severity = Severity::kWarning,
       .aliases = {"DL3007", "DS001", "CKV_DOCKER_7"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports a `FROM` whose tag is `latest` and that has no digest (a digest "
                       "pins the image whatever the tag says), also when the tag comes from an "
                       "`ARG` default (`ARG TAG=latest`).",
               .why = "`latest` is just the most recently pushed tag: the same Dockerfile "
                      "builds a different image next month, possibly a new major version, "
                      "and nobody can tell which version a past build used.",
               .example = "FROM python:latest\nCOPY app.py /app/\n",
               .instead = "FROM python:3.12-slim\nCOPY app.py /app/\n",
               .fix = "The pin-slim-tag rewrite (docs/fixes/pin-slim-tag.md): for a Docker "
                      "Official Image, replaces `latest` (also in the `ARG` default it comes "
                      "from) with the most precise tag of the build `latest` pointed to in "
                      "whalesafe's image catalog, in its slim variant when the stage reaches "
                      "the final image (`python:latest` -> `python:3.14.7-trixie` in a build "
                      "stage, `python:3.14.7-slim-trixie` in the final one), and pins it by "
                      "digest when one is known. Unsafe: the catalog is a snapshot (see "
                      "`whalesafe --version`; `whalesafe catalog update` refreshes it), so the "
                      "pin may be older than what `latest` pulls today, the slim image lacks "
                      "tools the full one has, and the build stops following new releases "
                      "until someone updates the tag."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
