#include "lsp/features/related_information.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "model/model.h"

namespace whalesafe::lsp::features {
namespace {

// At most this many related places per finding: a long RUN may reference many variables.
constexpr std::size_t kMaxRelated = 5;

// `--from` or `from=` (any case): a flag naming a stage, as COPY --from and RUN --mount have.
bool names_a_stage(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("--from") != std::string::npos || lower.find("from=") != std::string::npos;
}

// The cheap test: could this finding have related places at all? A `$` inside the finding, or
// a stage flag on its line before its end.
bool may_relate(const syntax::Document& document, const findings::Diagnostic& d) {
  const std::string& text = document.text();
  const uint32_t end = std::min<uint32_t>(d.end_byte, static_cast<uint32_t>(text.size()));
  const uint32_t start = std::min(d.start_byte, end);
  if (std::string_view(text).substr(start, end - start).find('$') != std::string_view::npos) {
    return true;
  }
  const uint32_t line = document.line_start(document.point_at(start).row);
  return names_a_stage(std::string_view(text).substr(line, end - line));
}

// The stage as the user wrote its name (the model keeps it lower-cased), or its index.
std::string stage_label(const syntax::Document& document, const model::Stage& stage) {
  return ts_node_is_null(stage.name_node)
             ? fmt::format("stage {}", stage.index)
             : fmt::format("stage '{}'", document.node_text(stage.name_node));
}

void add(std::vector<RelatedLocation>& out, RelatedLocation location) {
  if (out.size() >= kMaxRelated) return;
  if (std::find(out.begin(), out.end(), location) == out.end()) out.push_back(std::move(location));
}

}  // namespace

std::vector<std::vector<RelatedLocation>> related_locations(
    const syntax::Document& document, const model::Model& model,
    const std::vector<findings::Diagnostic>& diagnostics) {
  std::vector<std::vector<RelatedLocation>> related(diagnostics.size());
  const bool any = std::any_of(diagnostics.begin(), diagnostics.end(),
                               [&](const auto& d) { return may_relate(document, d); });
  if (!any) return related;
  // References by position, so each finding looks only at those inside it.
  std::vector<const model::VariableReference*> references;
  for (const model::VariableReference& ref : model.references) {
    if (!ts_node_is_null(ref.declaration)) references.push_back(&ref);
  }
  std::sort(references.begin(), references.end(),
            [](const auto* a, const auto* b) { return a->use.start < b->use.start; });
  // The stages each instruction takes files from, by the instruction's start.
  std::multimap<uint32_t, std::size_t> sources;
  for (const model::Stage& stage : model.stages) {
    for (const model::StageSource& source : stage.sources) {
      if (source.kind == model::StageSource::Kind::kStage && source.stage &&
          *source.stage < model.stages.size()) {
        sources.emplace(ts_node_start_byte(source.instruction), *source.stage);
      }
    }
  }
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const findings::Diagnostic& d = diagnostics[i];
    if (!may_relate(document, d)) continue;
    // Variables used inside the finding's range: where they were declared.
    auto it = std::lower_bound(
        references.begin(), references.end(), d.start_byte,
        [](const model::VariableReference* ref, uint32_t start) { return ref->use.start < start; });
    for (; it != references.end() && (*it)->use.start < d.end_byte; ++it) {
      const model::VariableReference& ref = **it;
      if (ref.use.end > d.end_byte) continue;
      add(related[i],
          RelatedLocation{ts_node_start_byte(ref.declaration), ts_node_end_byte(ref.declaration),
                          fmt::format("{} is declared here", ref.use.name)});
    }
    // The stages the finding's instruction takes files from: where they start.
    const model::InstructionInfo* instruction = model.instruction_at(d.start_byte);
    if (!instruction) continue;
    const auto [first, last] = sources.equal_range(ts_node_start_byte(instruction->node));
    for (auto source = first; source != last; ++source) {
      const model::Stage& from = model.stages[source->second];
      const TSNode at = ts_node_is_null(from.name_node) ? from.from : from.name_node;
      add(related[i], RelatedLocation{ts_node_start_byte(at), ts_node_end_byte(at),
                                      fmt::format("{} starts here", stage_label(document, from))});
    }
  }
  return related;
}

}  // namespace whalesafe::lsp::features
