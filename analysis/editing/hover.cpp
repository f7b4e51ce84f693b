#include "editing/hover.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>

#include "catalog/catalog.h"
#include "catalog/eol.h"
#include "catalog/image_ref.h"
#include "catalog/tag.h"
#include "editing/instruction_docs.h"
#include "editing/occurrences.h"
#include "rules/registry.h"
#include "syntax/tree_util.h"

namespace whalesafe::editing {
namespace {

using syntax::field;
using syntax::type_of;

// Newest versions listed in an image hover.
constexpr std::size_t kNewestVersions = 5;

uint32_t row_of(const syntax::Document& doc, uint32_t byte) { return doc.point_at(byte).row + 1; }

// The first physical line of `node`, for quoting a definition.
std::string first_line(const syntax::Document& doc, TSNode node) {
  std::string_view text = doc.node_text(node);
  text = text.substr(0, std::min(text.find_first_of("\r\n"), text.size()));
  return std::string(text);
}

// The rule behind a finding, short enough for a hover: its summary, the finding's message and
// why it matters (the full documentation is one command or click away).
std::string rule_markdown(const findings::Diagnostic& d) {
  const rules::Rule* rule = rules::find_rule(d.rule);
  if (rule == nullptr) return fmt::format("**{}**: {}", d.rule, d.message);
  const rules::RuleInfo& info = rule->info;
  std::string out = fmt::format("**{}** ({}): {}", info.slug,
                                findings::severity_name(info.severity), info.summary);
  if (!d.message.empty() && d.message != info.summary) out += fmt::format("\n\n{}", d.message);
  if (!info.doc.why.empty()) out += fmt::format("\n\n{}", info.doc.why);
  out += fmt::format("\n\n`whalesafe rule {}` explains it; `# whalesafe ignore={}` silences it.",
                     info.slug, info.slug);
  return out;
}

std::string_view kind_name(model::VariableKind kind) {
  switch (kind) {
    case model::VariableKind::kPlatformArg:
      return "build argument predefined by BuildKit";
    case model::VariableKind::kGlobalArg:
      return "global build argument";
    case model::VariableKind::kArg:
      return "build argument";
    case model::VariableKind::kEnv:
      return "environment variable";
  }
  return "variable";
}

// The variable as the scope at `byte` sees it (at a declaration: as it declares it).
std::string variable_markdown(const syntax::Document& doc, const model::Model& model,
                              const SymbolAt& symbol, uint32_t byte) {
  const model::Variable* variable = nullptr;
  if (symbol.definition) {
    for (const model::InstructionInfo& info : model.instructions) {
      for (const model::Declaration& d : info.declarations) {
        if (ts_node_eq(d.variable.declaration, symbol.declaration)) variable = &d.variable;
      }
    }
  } else if (const model::InstructionInfo* info = model.instruction_at(byte)) {
    const model::ScopePtr& scope = info->stage < 0 && type_of(info->node) == "from_instruction"
                                       ? model.global_scope
                                       : info->scope;
    if (scope) {
      variable = scope->lookup(symbol.name);
    }
  }
  if (variable == nullptr) {
    return fmt::format("`${}`: not set here (no ARG or ENV in scope declares it).", symbol.name);
  }
  std::string out = fmt::format("`{}` ({})", symbol.name, kind_name(variable->kind));
  if (variable->value) {
    out += fmt::format("\n\nValue: `{}`", *variable->value);
  } else {
    out += "\n\nNo value: expands to an empty string unless `--build-arg` sets it.";
  }
  if (!ts_node_is_null(variable->instruction)) {
    out += fmt::format("\n\nDefined at line {}: `{}`",
                       row_of(doc, ts_node_start_byte(variable->declaration)),
                       first_line(doc, variable->instruction));
  }
  return out;
}

std::string stage_markdown(const syntax::Document& doc, const model::Model& model,
                           std::size_t index) {
  const model::Stage& stage = model.stages[index];
  return fmt::format("Stage `{}` (index {}{}), line {}: `{}`", stage.name, stage.index,
                     stage.is_final ? ", the final stage" : "",
                     row_of(doc, ts_node_start_byte(stage.from)), first_line(doc, stage.from));
}

std::string eol_text(const catalog::EolStatus& status, catalog::Date today) {
  const catalog::Cycle& cycle = status.cycle;
  std::string out = cycle.display_name() + ": ";
  switch (cycle.eol_kind) {
    case catalog::EolKind::date:
      out += fmt::format("{} {}", status.past_eol ? "end of life since" : "supported until",
                         cycle.eol_date->to_string());
      break;
    case catalog::EolKind::ended:
      out += "end of life (date unknown)";
      break;
    case catalog::EolKind::not_announced:
      out += "supported, no end of life announced";
      break;
  }
  if (status.past_eol && cycle.in_extended_support(today)) {
    out += fmt::format(" (extended support{}{})",
                       cycle.extended_name.empty() ? "" : ": " + std::string(cycle.extended_name),
                       cycle.extended_until ? " until " + cycle.extended_until->to_string() : "");
  }
  return out;
}

// Numeric comparison of dotted versions ("3.10" after "3.9"); non-numeric parts compare as 0.
bool newer(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const auto number = [](const std::vector<std::string>& v, std::size_t k) {
      return k < v.size() ? std::strtoull(v[k].c_str(), nullptr, 10) : 0ULL;
    };
    if (number(a, i) != number(b, i)) return number(a, i) > number(b, i);
  }
  return false;
}

// The newest versions the image's (non-Windows, non-prerelease) builds carry, newest first.
std::vector<std::string> newest_versions(const catalog::Image& image) {
  std::vector<catalog::ParsedTag> versions;
  for (const catalog::Entry* entry : image.entries) {
    if (entry->variant == catalog::Variant::windows) continue;
    std::optional<catalog::ParsedTag> best;
    for (const std::string_view tag : entry->tags) {
      catalog::ParsedTag parsed = catalog::parse_tag(tag);
      if (parsed.prerelease() || parsed.version.empty()) continue;
      if (!best || parsed.version.size() > best->version.size()) best = std::move(parsed);
    }
    if (!best) continue;
    const bool seen = std::any_of(versions.begin(), versions.end(), [&](const auto& v) {
      return v.version_text() == best->version_text();
    });
    if (!seen) versions.push_back(std::move(*best));
  }
  std::stable_sort(versions.begin(), versions.end(),
                   [](const auto& a, const auto& b) { return newer(a.version, b.version); });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < versions.size() && i < kNewestVersions; ++i) {
    out.push_back(versions[i].version_text());
  }
  return out;
}

std::optional<Hover> element_hover(const syntax::Document& doc, const model::Model& model,
                                   uint32_t byte, catalog::Date today) {
  if (const auto symbol = symbol_at(doc, model, byte)) {
    if (symbol->kind == SymbolKind::kVariable) {
      return Hover{variable_markdown(doc, model, *symbol, byte), symbol->range};
    }
    return Hover{stage_markdown(doc, model, symbol->stage), symbol->range};
  }
  TSNode node = ts_node_descendant_for_byte_range(doc.root(), byte, byte);
  if (ts_node_is_null(node)) return std::nullopt;
  TSNode flag{};
  TSNode image{};
  for (TSNode n = node; !ts_node_is_null(n); n = ts_node_parent(n)) {
    const std::string_view type = type_of(n);
    if (type == "flag" && ts_node_is_null(flag)) flag = n;
    if (type == "image_spec" && ts_node_is_null(image)) image = n;
    if (!syntax::is_instruction(n)) continue;
    const TSNode keyword = field(n, "keyword");
    const InstructionDoc* instruction =
        ts_node_is_null(keyword) ? nullptr : find_instruction_doc(doc.node_text(keyword));
    if (instruction == nullptr) return std::nullopt;
    if (ts_node_start_byte(keyword) <= byte && byte <= ts_node_end_byte(keyword)) {
      return Hover{instruction_markdown(*instruction), model::range_of(keyword)};
    }
    if (!ts_node_is_null(flag)) {
      const TSNode name = field(flag, "name");
      const FlagDoc* flag_doc =
          ts_node_is_null(name) ? nullptr : find_flag_doc(*instruction, doc.node_text(name));
      if (flag_doc == nullptr) return std::nullopt;
      const TSNode value = field(flag, "value");
      if (flag_doc->name == "mount" && !ts_node_is_null(value) &&
          ts_node_start_byte(value) <= byte) {
        // The `key=value` field of the mount under the cursor.
        const std::string_view text = doc.node_text(value);
        const std::size_t at = byte - ts_node_start_byte(value);
        std::size_t start = text.rfind(',', at == 0 ? 0 : at - 1);
        start = start == std::string_view::npos || at == 0 ? 0 : start + 1;
        const std::size_t end = std::min(text.find(',', at), text.size());
        const std::string_view item = text.substr(start, end - start);
        if (const MountKeyDoc* key = find_mount_key_doc(item.substr(0, item.find('=')))) {
          const uint32_t base = ts_node_start_byte(value);
          return Hover{mount_key_markdown(*key),
                       {base + static_cast<uint32_t>(start), base + static_cast<uint32_t>(end)}};
        }
      }
      return Hover{flag_markdown(*instruction, *flag_doc), model::range_of(flag)};
    }
    if (!ts_node_is_null(image) && type == "from_instruction") {
      std::string reference(doc.node_text(image));
      for (const model::Stage& stage : model.stages) {
        if (ts_node_eq(stage.from, n) && stage.base.resolved) reference = *stage.base.resolved;
      }
      if (auto markdown = image_markdown(reference, today)) {
        return Hover{std::move(*markdown), model::range_of(image)};
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> image_markdown(std::string_view reference, catalog::Date today) {
  const catalog::ImageRef ref = catalog::split_reference(reference);
  if (ref.has_variable) return std::nullopt;
  const std::optional<std::string> name = catalog::official_image_name(ref.name);
  if (!name) return std::nullopt;
  const catalog::ImageStatus status = catalog::image_status(*name);
  if (status == catalog::ImageStatus::unknown) return std::nullopt;
  std::string out = fmt::format("**{}**: Docker Official Image", *name);
  if (status == catalog::ImageStatus::deprecated) out += " (deprecated: no maintained tags)";
  if (status == catalog::ImageStatus::removed) out += " (removed from the official images)";
  const std::string tag = ref.effective_tag();
  if (!tag.empty()) {
    if (catalog::has_tag(*name, tag)) {
      out += fmt::format("\n\nTag `{}` is maintained", tag);
      if (const auto pinned = catalog::pinned_tag(*name, tag); pinned && *pinned != tag) {
        out += fmt::format(" (currently `{}`)", *pinned);
      }
      const std::vector<std::string_view> arch = catalog::tag_architectures(*name, tag);
      if (!arch.empty()) out += fmt::format("; platforms: {}", fmt::join(arch, ", "));
      out += ".";
    } else {
      out += fmt::format("\n\nTag `{}` is not maintained (nobody rebuilds it).", tag);
    }
    std::vector<std::string> variants;
    if (const auto slim = catalog::slim_alternative(*name, tag)) {
      variants.push_back(fmt::format("slim `{}`", slim->tag));
    }
    if (const auto alpine = catalog::alpine_alternative(*name, tag)) {
      variants.push_back(fmt::format("alpine `{}`", alpine->tag));
    }
    if (!variants.empty())
      out += fmt::format("\n\nSmaller variants: {}.", fmt::join(variants, ", "));
  }
  if (const catalog::Image* image = catalog::find_image(*name)) {
    const std::vector<std::string> newest = newest_versions(*image);
    if (!newest.empty()) out += fmt::format("\n\nNewest versions: {}.", fmt::join(newest, ", "));
  }
  if (const auto latest = catalog::latest_version(*name)) {
    out += fmt::format("\n\n`latest` is {} (`{}`).", latest->version, latest->pinned_tag);
  }
  if (!tag.empty()) {
    if (const auto eol = catalog::eol_status(*name, tag, today)) {
      out += "\n\nEnd of life: " + eol_text(*eol, today) + ".";
    }
    if (const auto base = catalog::base_eol_status(*name, tag, today)) {
      out += "\n\nBase system: " + eol_text(*base, today) + ".";
    }
  }
  out += fmt::format("\n\n_From the offline catalog of {}._", catalog::snapshot_date().to_string());
  return out;
}

std::optional<Hover> hover(const syntax::Document& doc, const model::Model& model,
                           std::span<const findings::Diagnostic> diagnostics, uint32_t byte,
                           catalog::Date today) {
  // What the cursor is on first, then the findings there (a finding may span a whole line).
  std::vector<std::string> parts;
  std::optional<model::ByteRange> range;
  // A cursor just after a word (at a blank or the line's end) hovers the word.
  std::optional<Hover> element = element_hover(doc, model, byte, today);
  if (!element && byte > 0) element = element_hover(doc, model, byte - 1, today);
  if (element) {
    parts.push_back(std::move(element->markdown));
    range = element->range;
  }
  for (const findings::Diagnostic& d : diagnostics) {
    const bool inside = d.start_byte <= byte &&
                        (byte < d.end_byte || (byte == d.end_byte && d.start_byte == d.end_byte));
    if (!inside) continue;
    parts.push_back(rule_markdown(d));
    if (!range) range = model::ByteRange{d.start_byte, d.end_byte};
  }
  if (parts.empty()) return std::nullopt;
  return Hover{fmt::format("{}", fmt::join(parts, "\n\n---\n\n")), *range};
}

}  // namespace whalesafe::editing
