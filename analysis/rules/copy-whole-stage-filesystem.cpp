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

// Whether `copy` is the first COPY or ADD of stage `index`.
bool first_files(const model::Model& m, std::size_t index, TSNode copy) {
  for (std::size_t i : m.stages[index].instructions) {
    const model::InstructionInfo& info = m.instructions[i];
    if (ts_node_eq(info.node, copy)) return true;
    if (info.keyword == "copy" || info.keyword == "add") return false;
  }
  return false;
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

// The stage at the start of `index`'s chain of `FROM <stage>`: the one built on an image.
const model::Stage& chain_root(const model::Model& m, std::size_t index) {
  for (std::size_t steps = 0; steps <= m.stages.size(); ++steps) {
    const model::StageBase& base = m.stages[index].base;
    if (!base.stage || *base.stage >= index) break;
    index = *base.stage;
  }
  return m.stages[index];
}

// Whether stages `a` and `b` are built on the same image (as written, or as resolved),
// directly or through earlier stages.
bool same_base(const RuleContext& ctx, std::size_t a_index, std::size_t b_index) {
  const model::Stage& a = chain_root(ctx.model(), a_index);
  const model::Stage& b = chain_root(ctx.model(), b_index);
  if (ts_node_is_null(a.base.image) || ts_node_is_null(b.base.image)) return false;
  if (ctx.text(a.base.image) == ctx.text(b.base.image)) return true;
  return a.base.resolved && b.base.resolved && !a.base.resolved->empty() &&
         *a.base.resolved == *b.base.resolved;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  for (std::size_t index : final_image_stages(ctx)) {
    for (const model::StageSource& source : m.stages[index].sources) {
      if (source.mount) continue;
      std::string what;
      std::vector<PathOperand> operands = path_operands(ctx.document(), source.instruction);
      if (operands.size() < 2) continue;
      // Squashing: the whole of another stage as this stage's filesystem (`FROM scratch` +
      // `COPY --from=build / /`) is that stage, not something copied into an image.
      const bool to_root = is_root(strip_quotes(operands.back().text));
      if (to_root && m.stages[index].base.scratch && first_files(m, index, source.instruction)) {
        continue;
      }
      if (source.kind == model::StageSource::Kind::kStage && source.stage) {
        // Export stages hold only what they copied in; a stage on this stage's own base image
        // holds that image plus its changes (the layer-merging idiom).
        if (built_from_scratch(m, *source.stage)) continue;
        if (to_root && same_base(ctx, *source.stage, index)) continue;
        const model::Stage& from = m.stages[*source.stage];
        const std::string base =
            from.base.resolved ? *from.base.resolved : std::string(ctx.text(from.base.image));
        what = fmt::format("stage '{}' (built on '{}')", source.written, base);
      } else if (source.kind == model::StageSource::Kind::kImage) {
        what = fmt::format("image '{}'", source.value);
      } else {
        continue;
      }
      operands.pop_back();  // the destination
      for (const PathOperand& p : operands) {
        if (uses_variable(p) || !is_root(strip_quotes(p.text))) continue;
        reporter.report(p.node, fmt::format("copies the whole filesystem of {} into the final "
                                            "image; copy only the paths it needs",
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
                       "`FROM scratch AS bin` + `COPY --from=bin / /usr/local/bin/`), nor is "
                       "squashing into `/`: a stage `FROM scratch` whose first files are the "
                       "whole of another (`FROM scratch` + `COPY --from=build / /`), or a "
                       "stage that takes the whole of one built on the same base image "
                       "(layer merging). Stages "
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
