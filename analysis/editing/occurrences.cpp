#include "editing/occurrences.h"

#include <algorithm>

#include "syntax/ascii.h"
#include "syntax/tree_util.h"

namespace whalesafe::editing {
namespace {

using syntax::field;
using syntax::type_of;

bool covers(ByteRange range, uint32_t byte) {
  return range.start_byte <= byte && byte <= range.end_byte;
}

bool name_start_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool name_char(char c) { return name_start_char(c) || (c >= '0' && c <= '9'); }

// The name inside a `$NAME` / `${NAME...}` the model recorded, if the bytes there spell it (a
// name split by a line continuation is not navigable).
std::optional<ByteRange> reference_name(const syntax::Document& doc,
                                        const model::VariableReference& ref) {
  const std::string& text = doc.text();
  std::size_t start = ref.use.start;
  if (start >= text.size() || text[start] != '$') return std::nullopt;
  ++start;
  if (start < text.size() && text[start] == '{') ++start;
  const std::string& name = ref.use.name;
  if (name.empty() || text.compare(start, name.size(), name) != 0) return std::nullopt;
  return ByteRange{static_cast<uint32_t>(start), static_cast<uint32_t>(start + name.size())};
}

bool runs_shell(TSNode instruction) {
  const std::string_view type = type_of(instruction);
  return type == "run_instruction" || type == "cmd_instruction" ||
         type == "entrypoint_instruction" || type == "healthcheck_instruction";
}

// Every ARG/ENV declaration of `name`: the declaration node (arg_declaration / env_pair).
std::vector<TSNode> declarations_of(const model::Model& model, std::string_view name) {
  std::vector<TSNode> out;
  for (const model::InstructionInfo& info : model.instructions) {
    for (const model::Declaration& d : info.declarations) {
      if (d.variable.name == name) out.push_back(d.variable.declaration);
    }
  }
  return out;
}

ByteRange declaration_name(TSNode declaration) {
  const TSNode name = field(declaration, "name");
  return model::range_of(ts_node_is_null(name) ? declaration : name);
}

// The FROM image node when it names stage `base` exactly (not `build:tag`, not `$VAR`).
std::optional<ByteRange> from_stage_reference(const syntax::Document& doc,
                                              const model::Stage& stage) {
  if (!stage.base.stage || ts_node_is_null(stage.base.image)) return std::nullopt;
  const std::string_view written = doc.node_text(stage.base.image);
  if (!stage.base.resolved || !syntax::iequals(written, *stage.base.resolved)) return std::nullopt;
  return model::range_of(stage.base.image);
}

}  // namespace

std::vector<ShellVariable> shell_variables(const syntax::Document& doc, TSNode instruction) {
  std::vector<ShellVariable> out;
  if (!runs_shell(instruction)) return out;
  const TSNode command = field(instruction, "command");
  if (ts_node_is_null(command) || type_of(command) != "shell_command") return out;
  const std::string& text = doc.text();
  bool single = false;
  bool dquote = false;
  syntax::for_each_child(command, [&](TSNode fragment) {
    if (type_of(fragment) != "shell_fragment") return;
    const uint32_t end = ts_node_end_byte(fragment);
    for (uint32_t i = ts_node_start_byte(fragment); i < end; ++i) {
      const char c = text[i];
      if (single) {
        single = c != '\'';
        continue;
      }
      if (c == '\\') {
        ++i;
      } else if (c == '\'' && !dquote) {
        single = true;
      } else if (c == '"') {
        dquote = !dquote;
      } else if (c == '$' && i + 1 < end) {
        const bool braced = text[i + 1] == '{';
        uint32_t n = i + (braced ? 2 : 1);
        if (n >= end || !name_start_char(text[n])) continue;
        const uint32_t name_start = n;
        while (n < end && name_char(text[n])) ++n;
        out.push_back(ShellVariable{text.substr(name_start, n - name_start),
                                    ByteRange{name_start, n}, ByteRange{i, n}});
        i = n - 1;
      }
    }
  });
  return out;
}

std::optional<SymbolAt> symbol_at(const syntax::Document& doc, const model::Model& model,
                                  uint32_t byte) {
  // Variables BuildKit expands.
  for (const model::VariableReference& ref : model.references) {
    if (!covers(ByteRange{static_cast<uint32_t>(ref.use.start), static_cast<uint32_t>(ref.use.end)},
                byte)) {
      continue;
    }
    if (const auto name = reference_name(doc, ref)) {
      return SymbolAt{SymbolKind::kVariable, ref.use.name, 0, *name, false, ref.declaration};
    }
  }
  const model::InstructionInfo* info = model.instruction_at(byte);
  if (info == nullptr && byte > 0) info = model.instruction_at(byte - 1);
  if (info != nullptr) {
    // Declarations.
    for (const model::Declaration& d : info->declarations) {
      const ByteRange name = declaration_name(d.variable.declaration);
      if (covers(name, byte)) {
        return SymbolAt{SymbolKind::kVariable, d.variable.name, 0, name, true,
                        d.variable.declaration};
      }
    }
    // Variables the shell reads, when the Dockerfile declares them.
    for (const ShellVariable& v : shell_variables(doc, info->node)) {
      if (!covers(v.whole, byte) || declarations_of(model, v.name).empty()) continue;
      TSNode declaration{};
      if (info->scope) {
        if (const model::Variable* declared = info->scope->lookup(v.name)) {
          declaration = declared->declaration;
        }
      }
      return SymbolAt{SymbolKind::kVariable, v.name, 0, v.name_range, false, declaration};
    }
  }
  // Stages.
  for (const model::Stage& stage : model.stages) {
    if (!ts_node_is_null(stage.name_node) && !stage.name.empty() &&
        covers(model::range_of(stage.name_node), byte)) {
      return SymbolAt{SymbolKind::kStage,
                      stage.name,
                      stage.index,
                      model::range_of(stage.name_node),
                      true,
                      TSNode{}};
    }
    if (const auto range = from_stage_reference(doc, stage); range && covers(*range, byte)) {
      const model::Stage& base = model.stages[*stage.base.stage];
      if (!base.name.empty()) {
        return SymbolAt{SymbolKind::kStage, base.name, base.index, *range, false, TSNode{}};
      }
    }
    for (const model::StageSource& source : stage.sources) {
      if (source.kind != model::StageSource::Kind::kStage || source.by_index || !source.stage ||
          !covers(source.range, byte)) {
        continue;
      }
      const model::Stage& from = model.stages[*source.stage];
      return SymbolAt{SymbolKind::kStage, from.name, from.index, source.range, false, TSNode{}};
    }
  }
  return std::nullopt;
}

std::vector<Occurrence> occurrences(const syntax::Document& doc, const model::Model& model,
                                    const SymbolAt& symbol) {
  std::vector<Occurrence> out;
  if (symbol.kind == SymbolKind::kVariable) {
    for (const TSNode declaration : declarations_of(model, symbol.name)) {
      out.push_back(Occurrence{declaration_name(declaration), true});
    }
    for (const model::VariableReference& ref : model.references) {
      if (ref.use.name != symbol.name) continue;
      if (const auto name = reference_name(doc, ref)) out.push_back(Occurrence{*name, false});
    }
    for (const model::InstructionInfo& info : model.instructions) {
      for (const ShellVariable& v : shell_variables(doc, info.node)) {
        if (v.name == symbol.name) out.push_back(Occurrence{v.name_range, false});
      }
    }
  } else {
    for (const model::Stage& stage : model.stages) {
      if (stage.index == symbol.stage && !ts_node_is_null(stage.name_node)) {
        out.push_back(Occurrence{model::range_of(stage.name_node), true});
      }
      if (stage.base.stage == symbol.stage) {
        if (const auto range = from_stage_reference(doc, stage)) {
          out.push_back(Occurrence{*range, false});
        }
      }
      for (const model::StageSource& source : stage.sources) {
        if (source.kind == model::StageSource::Kind::kStage && !source.by_index &&
            source.stage == symbol.stage) {
          out.push_back(Occurrence{source.range, false});
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.range.start_byte < b.range.start_byte;
  });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const Occurrence& a, const Occurrence& b) { return a.range == b.range; }),
      out.end());
  return out;
}

std::vector<ByteRange> definitions(const syntax::Document& doc, const model::Model& model,
                                   const SymbolAt& symbol) {
  (void)doc;
  std::vector<ByteRange> out;
  if (symbol.kind == SymbolKind::kStage) {
    if (symbol.stage < model.stages.size()) {
      const model::Stage& stage = model.stages[symbol.stage];
      if (!ts_node_is_null(stage.name_node)) out.push_back(model::range_of(stage.name_node));
    }
    return out;
  }
  if (!ts_node_is_null(symbol.declaration)) {
    out.push_back(declaration_name(symbol.declaration));
    return out;
  }
  for (const TSNode declaration : declarations_of(model, symbol.name)) {
    out.push_back(declaration_name(declaration));
  }
  return out;
}

std::optional<std::string> rename_error(const model::Model& model, const SymbolAt& symbol,
                                        std::string_view new_name) {
  if (symbol.kind == SymbolKind::kVariable) {
    if (new_name.empty() || !name_start_char(new_name.front()) ||
        !std::all_of(new_name.begin(), new_name.end(), name_char)) {
      return "'" + std::string(new_name) +
             "' is not a variable name: use letters, digits and '_', not starting with a digit";
    }
    return std::nullopt;
  }
  const std::string lower = syntax::ascii_lower(new_name);
  const auto valid_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  };
  if (lower.empty() || lower.front() < 'a' || lower.front() > 'z' ||
      !std::all_of(lower.begin(), lower.end(), valid_char)) {
    return "'" + std::string(new_name) +
           "' is not a stage name: start with a letter, then letters, digits, '-', '_' or '.'";
  }
  for (const model::Stage& stage : model.stages) {
    if (stage.index != symbol.stage && stage.name == lower) {
      return "another stage is already named '" + lower + "'";
    }
  }
  return std::nullopt;
}

}  // namespace whalesafe::editing
