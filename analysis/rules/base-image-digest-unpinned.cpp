// base-image-digest-unpinned: a FROM image named by tag only, without `@sha256:...`.
#include <fmt/format.h>

#include "catalog/image_ref.h"
#include "rules/base_image.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const BaseImage& b : base_images(ctx)) {
    if (b.is_scratch || b.is_stage) continue;
    if (!b.uses_variables) {
      if (!ts_node_is_null(b.digest)) continue;
      reporter.report(b.spec, fmt::format("base image '{}' is not pinned by digest: whoever "
                                          "controls the tag can change what it builds on",
                                          ctx.text(b.spec)));
      continue;
    }
    // With variables, what the ARG defaults make of it; a value left to the build (which
    // may well carry a digest) is not judged.
    if (!b.resolved) continue;
    const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
    if (ref.has_variable || !ref.digest.empty()) continue;
    reporter.report(b.spec, fmt::format("base image '{}' resolves to '{}', which is not pinned "
                                        "by digest",
                                        ctx.text(b.spec), *b.resolved));
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
       .doc = {.what = "Reports a `FROM` image without a digest (`@sha256:...`), tagged or not. "
                       "A reference built from variables is judged by what the `ARG` defaults "
                       "make of it; one that needs a value from the build (`ARG BASE` without "
                       "a default) is not judged. `scratch` and earlier stages are not images. "
                       "There is no automatic fix: a digest must be looked up in the registry, "
                       "and whalesafe works offline with an image catalog that holds tags, not "
                       "digests (`docker buildx imagetools inspect python:3.12-slim` prints "
                       "one).",
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
                          "COPY app.py /app/\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
