// base-image-digest-unpinned: a FROM image named by tag only, without `@sha256:...`.
#include <fmt/format.h>

#include "catalog/image_ref.h"
#include "rewrites/pin_slim_tag.h"
#include "rules/base_image.h"

namespace whalesafe::rules {
namespace {

// The pin-slim-tag rewrite, when it can add a digest (the settings' digest lookup knew one).
std::optional<findings::Fix> digest_fix(const RuleContext& ctx, const BaseImage& b) {
  const rewrites::StagePin& pin = rewrites::pin_for_stage(ctx, b.stage->index);
  if (!pin.adds_digest) return std::nullopt;
  return pin.outcome.fix;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const BaseImage& b : base_images(ctx)) {
    if (b.is_scratch || b.is_stage) continue;
    if (!b.uses_variables) {
      if (!ts_node_is_null(b.digest)) continue;
      reporter.report(b.spec,
                      fmt::format("base image '{}' is not pinned by digest: whoever "
                                  "controls the tag can change what it builds on",
                                  ctx.text(b.spec)),
                      digest_fix(ctx, b));
      continue;
    }
    // With variables, what the ARG defaults make of it; a value left to the build (which
    // may well carry a digest) is not judged.
    if (!b.resolved) continue;
    const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
    if (ref.has_variable || !ref.digest.empty()) continue;
    reporter.report(b.spec,
                    fmt::format("base image '{}' resolves to '{}', which is not pinned "
                                "by digest",
                                ctx.text(b.spec), *b.resolved),
                    digest_fix(ctx, b));
  }
}

}  // namespace

const Rule& rule_base_image_digest_unpinned() {
  static const Rule rule{
      {.slug = "base-image-digest-unpinned",
       .summary = "Pin base images by digest",
       .severity = Severity::kInfo,
       // A policy most projects adopt with a bot that keeps digests current: opt in.
       .enabled_by_default = false,
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports a `FROM` image without a digest (`@sha256:...`), tagged or not. "
                       "A reference built from variables is judged by what the `ARG` defaults "
                       "make of it; one that needs a value from the build (`ARG BASE` without "
                       "a default) is not judged. `scratch` and earlier stages are not images. "
                       "A digest must be looked up in the registry: whalesafe's image catalog "
                       "holds tags, not digests.",
               .why = "Off by default (enable it in `.whalesafe.yaml` or with `--select`). "
                      "Tags move: `python:3.12-slim` is rebuilt for every patch release and "
                      "every Debian update, and a registry (or whoever takes over its account) "
                      "can point any tag at other content. Only a digest names exactly one "
                      "image, so builds are reproducible and a swapped image fails to pull "
                      "instead of running. Keep the tag next to the digest for readers, and "
                      "let a bot such as Renovate or Dependabot update both.",
               .example = "FROM python:3.12-slim\nCOPY app.py /app/\n",
               .instead = "FROM python:3.12-slim@sha256:"
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
                          "COPY app.py /app/\n",
               .fix = "The pin-slim-tag rewrite (docs/fixes/pin-slim-tag.md), offered only "
                      "when a digest is known: from the registry resolver's cache (`whalesafe "
                      "resolve` fills it), or from the registry itself with `whalesafe --fix "
                      "--unsafe-fixes --pin-digests` (which also turns this rule on). Appends "
                      "`@sha256:...` to the reference (to the `ARG` default it comes from, when "
                      "the variable ends it); for a Docker Official Image the tag is first "
                      "pinned to its most precise form, as for base-image-latest. Unsafe: the "
                      "build stops following the tag until someone updates the digest."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
