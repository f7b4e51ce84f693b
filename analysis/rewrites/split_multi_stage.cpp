// Split into a multi-stage build (issue #4 §2.3): the single stage becomes the build stage
// (named `build` unless it has a name) and a runtime stage is appended that starts from a small
// image, repeats the ENV/ARG the runtime needs, installs the runtime packages, copies only the
// artifacts, and takes over EXPOSE, USER, HEALTHCHECK, CMD, ENTRYPOINT, LABEL, VOLUME and
// STOPSIGNAL (moved, bytes as written). Python gets a virtual environment in the build stage,
// Node a prune of development dependencies. split_scan.cpp decides whether the split is sound;
// docs/fixes/split-multi-stage.md shows it per language.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/eol.h"
#include "catalog/image_ref.h"
#include "rewrites/rewrite.h"
#include "rewrites/split_runtime.h"
#include "rewrites/split_scan.h"
#include "rewrites/user_lines.h"
#include "rules/node_util.h"
#include "rules/package_util.h"

namespace whalesafe::rewrites {
namespace {

using split::Scan;

// The runtime image must have every program the runtime commands run by name.
bool programs_available(const Scan& scan, const split::RuntimeImage& image, std::string& why_not) {
  for (const auto& [program, keyword] : scan.needed_programs) {
    if (image.programs.count(program) != 0) continue;
    if (std::find(scan.runtime_packages.begin(), scan.runtime_packages.end(), program) !=
        scan.runtime_packages.end()) {
      continue;  // installed in the runtime stage too (curl, nginx, ...)
    }
    // Entry points of the packages pip installed into the virtual environment.
    if (scan.language == split::Language::kPython) continue;
    why_not = fmt::format("{} runs '{}', which the runtime image {} would not have", keyword,
                          program, image.reference);
    return false;
  }
  return true;
}

bool past_eol(std::string_view reference, const rules::RuleContext& ctx) {
  const catalog::ImageRef ref = catalog::split_reference(reference);
  const std::optional<std::string> official = catalog::official_image_name(ref.name);
  if (!official) return false;
  const std::string tag = ref.effective_tag();
  const std::optional<catalog::EolStatus> eol = catalog::eol_status(*official, tag, ctx.eol_date());
  const std::optional<catalog::EolStatus> base =
      catalog::base_eol_status(*official, tag, ctx.eol_date());
  return (eol && eol->past_eol) || (base && base->past_eol);
}

// The bytes of `node`'s whole line(s): from the line start (when only blanks precede it) to
// after its line ending; at the end of a file without one, from the line endings before it.
findings::TextEdit delete_lines(std::string_view text, TSNode node) {
  uint32_t start = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  uint32_t line = start;
  while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) --line;
  if (line == 0 || text[line - 1] == '\n') start = line;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t' || text[end] == '\r')) ++end;
  if (end < text.size() && text[end] == '\n') {
    ++end;
  } else if (end == text.size()) {
    // The last line, without a line ending: the ones before it go (see delete_lines).
    start = before_line_endings(text, start);
  } else if (start > 0) {
    start -= text[start - 1] == '\n' && start > 1 && text[start - 2] == '\r' ? 2 : 1;
  }
  return {start, end, ""};
}

// Edits sorted by position, with touching ones merged (a deletion that ends where the runtime
// stage is appended, an insertion where a deleted line starts).
std::vector<findings::TextEdit> merge(std::vector<findings::TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const findings::TextEdit& a, const findings::TextEdit& b) {
                     return a.start_byte < b.start_byte;
                   });
  std::vector<findings::TextEdit> out;
  for (findings::TextEdit& e : edits) {
    if (!out.empty() && out.back().end_byte >= e.start_byte) {
      out.back().end_byte = std::max(out.back().end_byte, e.end_byte);
      out.back().new_text += e.new_text;
      continue;
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string prune_command(const Scan& scan) {
  if (scan.node_manager == "yarn")
    return "yarn install --production --ignore-scripts --prefer-offline";
  if (scan.node_manager == "pnpm") return "pnpm prune --prod";
  return scan.node_major != 0 && scan.node_major < 16 ? "npm prune --production"
                                                      : "npm prune --omit=dev";
}

RewriteOutcome plan(const rules::RuleContext& ctx) {
  std::string why_not;
  const std::optional<Scan> scan = split::scan_stage(ctx, why_not);
  if (!scan) return {std::nullopt, why_not};
  const std::optional<split::RuntimeImage> image = split::choose_runtime(*scan, why_not);
  if (!image) return {std::nullopt, why_not};
  if (!programs_available(*scan, *image, why_not)) return {std::nullopt, why_not};
  // A runtime image past its end of life while the build image is not would trade one
  // finding for another (the same Debian release as the build image is fine: it was already).
  if (past_eol(image->reference, ctx) && !past_eol(scan->base_image, ctx)) {
    return {std::nullopt,
            fmt::format("the runtime image {} is past its end of life", image->reference)};
  }
  if (!image->has_shell && !scan->runtime_packages.empty()) {
    return {std::nullopt, "the runtime image has no package manager for the runtime packages"};
  }

  const std::string& text = ctx.document().text();
  const std::string eol(line_ending(text));
  const model::Stage& stage = ctx.model().stages.front();
  std::vector<findings::TextEdit> edits;
  // Keywords in the case most of the file's keywords use (instruction-casing judges so).
  int upper = 0;
  int lower = 0;
  for (TSNode node : ctx.instructions()) {
    const std::string_view k = ctx.text(rules::keyword_node(node));
    if (!k.empty()) (k == rules::ascii_lower(std::string(k)) ? lower : upper) += 1;
  }
  const auto kw = [&](std::string_view keyword) {
    return lower > upper ? rules::ascii_lower(std::string(keyword)) : std::string(keyword);
  };

  // The build stage: named, and left as it was apart from what moves.
  std::string name;
  if (stage.name.empty()) {
    name = "build";
    const uint32_t end = ts_node_end_byte(stage.from);
    edits.push_back({end, end, " " + kw("AS") + " build"});
  } else {
    name = std::string(ctx.text(stage.name_node));
  }
  for (const Scan::Carried& c : scan->carried) {
    if (c.moved) edits.push_back(delete_lines(text, c.node));
  }
  if (scan->language == split::Language::kPython && !ts_node_is_null(scan->venv_insert_before)) {
    const TSNode run = scan->venv_insert_before;
    const TSNode command = rules::field(run, "command");
    if (!rules::is_type(command, "shell_command")) {
      return {std::nullopt,
              "the RUN that installs with pip is not in shell form, so the "
              "virtual environment could not be set up before it"};
    }
    uint32_t line = ts_node_start_byte(run);
    while (line > 0 && text[line - 1] != '\n') --line;
    edits.push_back(
        {line, line, fmt::format("{} PATH=\"{}/bin:$PATH\"{}", kw("ENV"), scan->venv, eol)});
    const uint32_t at = ts_node_start_byte(command);
    edits.push_back({at, at, fmt::format("python -m venv {} && ", scan->venv)});
  }
  if (scan->language == split::Language::kNode) {
    std::optional<findings::TextEdit> prune;
    for (const rules::RunInstruction& run : rules::run_instructions(ctx)) {
      if (run.node.id == scan->last_run.id) prune = rules::append_to_run(run, prune_command(*scan));
    }
    if (!prune) {
      return {std::nullopt,
              "the removal of development dependencies could not be appended to "
              "the last RUN"};
    }
    edits.push_back(*prune);
  }

  // The runtime stage.
  std::vector<std::string> lines;
  lines.push_back(kw("FROM") + " " +
                  (scan->platform_flag.empty() ? "" : scan->platform_flag + " ") +
                  image->reference);
  const auto carried = [&](Scan::Carried::Place place) {
    for (const Scan::Carried& c : scan->carried) {
      if (c.place == place) lines.emplace_back(ctx.text(c.node));
    }
  };
  carried(Scan::Carried::Place::kPrelude);
  if (!scan->runtime_packages.empty()) {
    std::string packages;
    for (const std::string& p : scan->runtime_packages) packages += " " + p;
    lines.push_back(image->apk ? kw("RUN") + " apk add --no-cache" + packages
                               : kw("RUN") +
                                     " apt-get update && apt-get install -y "
                                     "--no-install-recommends" +
                                     packages + " && rm -rf /var/lib/apt/lists/*");
  }
  if (scan->workdir && *scan->workdir != "/") lines.push_back(kw("WORKDIR") + " " + *scan->workdir);
  carried(Scan::Carried::Place::kFiles);
  const bool user_first = !scan->copy_chown.empty();
  if (user_first) carried(Scan::Carried::Place::kUser);
  for (const split::Artifact& a : scan->artifacts) {
    const bool app = scan->workdir && a.source == *scan->workdir;
    lines.push_back(
        fmt::format("{} --from={}{} {} {}", kw("COPY"), name,
                    app && !scan->copy_chown.empty() ? " --chown=" + scan->copy_chown : "",
                    a.source, a.destination));
  }
  if (scan->language == split::Language::kPython && !ts_node_is_null(scan->venv_insert_before)) {
    lines.push_back(fmt::format("{} PATH=\"{}/bin:$PATH\"", kw("ENV"), scan->venv));
  }
  if (!user_first) carried(Scan::Carried::Place::kUser);
  carried(Scan::Carried::Place::kRuntime);

  std::string block;
  for (const std::string& l : lines) block += (block.empty() ? "" : eol) + l;
  const bool final_newline = !text.empty() && text.back() == '\n';
  const uint32_t end = static_cast<uint32_t>(text.size());
  edits.push_back({end, end, final_newline ? eol + block + eol : eol + eol + block});

  std::string artifacts;
  for (const split::Artifact& a : scan->artifacts) {
    artifacts += (artifacts.empty() ? "" : ", ") + a.source;
  }
  findings::Fix fix;
  fix.description = fmt::format("Split into a build stage and a runtime stage on {} that copies {}",
                                image->reference, artifacts);
  fix.applicability = findings::Applicability::kUnsafe;
  fix.edits = merge(std::move(edits));
  return {std::move(fix), ""};
}

// One plan per document: every finding of the rule shares it.
struct SplitPlan {
  RewriteOutcome outcome;
};

}  // namespace

RewriteOutcome plan_split_multi_stage(const rules::RuleContext& ctx, uint32_t /*offset*/) {
  return ctx.shared_fact<SplitPlan>([&] { return SplitPlan{plan(ctx)}; }).outcome;
}

}  // namespace whalesafe::rewrites
