// copy-whole-stage-filesystem: `COPY --from=x / /`, the whole filesystem of another stage or
// image copied into one that reaches the final image.
#include <fmt/format.h>

#include "rules/final_image.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

// `/`, `//`, `/.`, `/./`, `/*`: the root directory or everything in it.
bool is_root(std::string_view path) {
  if (!path.starts_with('/')) return false;
  while (!path.empty()) {
    if (path.ends_with('/')) {
      path.remove_suffix(1);
    } else if (path.ends_with("/.") || path.ends_with("/*")) {
      path.remove_suffix(2);
    } else {
      return false;
    }
  }
  return true;
}

// Whether stage `index` is built FROM scratch, directly or through earlier stages: then its
// filesystem is exactly what it copied in (BuildKit's export-stage idiom), not an OS.
bool built_from_scratch(const model::Model& m, std::size_t index) {
  for (std::size_t steps = 0; index < m.stages.size() && steps <= m.stages.size(); ++steps) {
    const model::StageBase& base = m.stages[index].base;
    if (base.scratch) return true;
    if (!base.stage || *base.stage >= index) return false;
    index = *base.stage;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  for (std::size_t index : final_image_stages(ctx)) {
    for (const model::StageSource& source : m.stages[index].sources) {
      if (source.mount) continue;
      std::string what;
      if (source.kind == model::StageSource::Kind::kStage && source.stage) {
        if (built_from_scratch(m, *source.stage)) continue;
        const model::Stage& from = m.stages[*source.stage];
        const std::string base =
            from.base.resolved ? *from.base.resolved : std::string(ctx.text(from.base.image));
        what = fmt::format("stage '{}' (built on '{}')", source.written, base);
      } else if (source.kind == model::StageSource::Kind::kImage) {
        what = fmt::format("image '{}'", source.value);
      } else {
        continue;
      }
      std::vector<PathOperand> operands = path_operands(ctx.document(), source.instruction);
      if (operands.size() < 2) continue;
      operands.pop_back();  // the destination
      for (const PathOperand& p : operands) {
        if (uses_variable(p) || !is_root(p.text)) continue;
        reporter.report(p.node, fmt::format("copies the whole filesystem of {} into an image "
                                            "that reaches the final one; copy only the paths "
                                            "it needs",
                                            what));
      }
    }
  }
}

}  // namespace

const Rule& rule_copy_whole_stage_filesystem() {
  static const Rule rule{
      {.slug = "copy-whole-stage-filesystem",
       .summary = "Copy files from other stages, not their whole filesystem",
       .severity = Severity::kWarning,
       .doc = {.what = "Reports `COPY --from=<stage or image>` whose source is the root "
                       "directory (`/`, `/.`, `/*`), in the final stage and the stages it is "
                       "built `FROM`. A source stage built `FROM scratch` is not reported: its "
                       "filesystem is exactly the files it copied in (the export-stage idiom "
                       "`FROM scratch AS bin` + `COPY --from=bin / /usr/local/bin/`). Stages "
                       "that do not reach the final image are left alone.",
               .why = "A stage built on an OS image holds that whole OS: its package manager, "
                      "shells, compilers and headers, package caches, and whatever files and "
                      "credentials the build left behind. Copying `/` brings all of it into the "
                      "final image, overwrites the image's own `/etc/passwd`, libraries and "
                      "certificates with the other stage's, and undoes what a multi-stage build "
                      "is for. From an external image, it imports a whole filesystem nobody "
                      "reviewed. Copying the few paths that matter keeps the image small and "
                      "its contents known.",
               .example = "FROM golang:1.23 AS build\nRUN go build -o /out/app .\n"
                          "FROM debian:12-slim\nCOPY --from=build / /\n",
               .instead = "FROM golang:1.23 AS build\nRUN go build -o /out/app .\n"
                          "FROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
