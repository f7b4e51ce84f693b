// invalid-default-arg-in-from: a FROM image built from ARGs that, with the ARGs' defaults (no
// --build-arg), expands to an empty string or to something that is not an image reference.
#include <fmt/format.h>

#include "rules/image_reference.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  // The context's model is built without build args, so ARGs have their defaults.
  const model::Model& m = ctx.model();
  if (m.stages.empty()) return;
  // A global ARG default that fails to expand is an error of its own; BuildKit skips this
  // check then, since the defaults are unknown.
  const uint32_t first_from = ts_node_start_byte(m.stages.front().from);
  for (const model::ExpansionProblem& p : m.problems) {
    if (ts_node_start_byte(p.instruction) < first_from) return;
  }
  for (const model::Stage& stage : m.stages) {
    const model::StageBase& base = stage.base;
    // Literal images are other rules' business; a failed expansion is an error of its own.
    if (ts_node_is_null(base.image) || base.word.expansion.uses.empty() || !base.resolved) {
      continue;
    }
    if (base.stage || (!base.resolved->empty() && is_valid_image_reference(*base.resolved))) {
      continue;
    }
    const std::string outcome =
        base.resolved->empty()
            ? std::string("an empty string")
            : fmt::format("'{}', which is not a valid image reference", *base.resolved);
    reporter.report(base.image,
                    fmt::format("with the ARG defaults, FROM {} expands to {}; the build works "
                                "only with --build-arg",
                                base.word.written, outcome));
  }
}

}  // namespace

const Rule& rule_invalid_default_arg_in_from() {
  static const Rule rule{
      {.slug = "invalid-default-arg-in-from",
       .summary = "FROM is valid with the ARG defaults",
       .severity = Severity::kWarning,
       .aliases = {"InvalidDefaultArgInFrom"},
       .doc = {.what = "Reports a FROM image that uses ARGs when, with the defaults the "
                       "Dockerfile gives them (no `--build-arg`), it expands to an empty string "
                       "or to something that is not a valid image reference: `busybox:` from "
                       "`busybox:${TAG}` with `ARG TAG` and no default, an upper-case name, a "
                       "digest too short. A reference that names an earlier stage is fine, and "
                       "so is an ARG without a default that the reference does not need "
                       "(`busybox:stable${VARIANT}`) or one with a fallback (`${TAG:-3.20}`).",
               .why = "A Dockerfile should build as written: when the base image is valid only "
                      "with the right `--build-arg`, a plain `docker build` fails with an "
                      "obscure reference error, and tools that read the Dockerfile (scanners, "
                      "Dependabot, the image catalog checks) cannot tell which image it uses.",
               .example = "ARG TAG\nFROM busybox:${TAG}\n",
               .instead = "ARG TAG=1.37\nFROM busybox:${TAG}\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
