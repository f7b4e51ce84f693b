#include "editing/completion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "catalog/catalog.h"
#include "editing/instruction_docs.h"
#include "syntax/ascii.h"
#include "syntax/tree_util.h"

namespace whalesafe::editing {
namespace {

using Kind = Completion::Kind;

bool blank(char c) { return c == ' ' || c == '\t'; }
bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

uint32_t physical_line_start(std::string_view text, uint32_t byte) {
  while (byte > 0 && text[byte - 1] != '\n' && text[byte - 1] != '\r') --byte;
  return byte;
}

// Whether the physical line ending just before `line_start` ends with the escape character
// (ignoring trailing blanks): then the line at `line_start` continues it.
bool continues_previous(std::string_view text, uint32_t line_start, char escape) {
  if (line_start == 0) return false;
  uint32_t i = line_start;
  if (i > 0 && text[i - 1] == '\n') --i;
  if (i > 0 && text[i - 1] == '\r') --i;
  while (i > 0 && blank(text[i - 1])) --i;
  return i > 0 && text[i - 1] == escape;
}

// The text of the logical line from its start up to `end`, continuations turned into blanks.
std::string logical_prefix(std::string_view text, uint32_t end, char escape) {
  uint32_t start = physical_line_start(text, end);
  while (continues_previous(text, start, escape)) {
    uint32_t previous_end = start - 1;  // the previous line's break
    if (previous_end > 0 && text[previous_end] == '\n' && text[previous_end - 1] == '\r') {
      --previous_end;
    }
    start = physical_line_start(text, previous_end);
  }
  std::string out;
  for (uint32_t i = start; i < end; ++i) {
    const char c = text[i];
    out += c == '\n' || c == '\r' ||
                   (c == escape && i + 1 < end && (text[i + 1] == '\n' || text[i + 1] == '\r'))
               ? ' '
               : c;
  }
  return out;
}

std::vector<std::string> split_blanks(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && blank(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !blank(text[i])) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

struct Context {
  const syntax::Document& doc;
  const model::Model& model;
  uint32_t byte;
  std::vector<Completion> out;

  void add(Kind kind, std::string label, std::string detail, std::string documentation,
           std::string insert, model::ByteRange replace, std::string snippet = {}) {
    Completion c;
    c.kind = kind;
    c.label = std::move(label);
    c.detail = std::move(detail);
    c.documentation = std::move(documentation);
    c.insert_text = std::move(insert);
    c.snippet = std::move(snippet);
    c.replace = replace;
    c.sort_text = fmt::format("{:04}", out.size());
    out.push_back(std::move(c));
  }
};

void keywords(Context& ctx, model::ByteRange replace, bool in_onbuild) {
  for (const InstructionDoc& doc : instruction_docs()) {
    if (in_onbuild &&
        (doc.keyword == "ONBUILD" || doc.keyword == "FROM" || doc.keyword == "MAINTAINER")) {
      continue;
    }
    const std::string keyword(doc.keyword);
    const std::string syntax(doc.syntax.substr(0, doc.syntax.find('\n')));
    // Without snippets the keyword and a blank: placeholder words would have to be deleted.
    ctx.add(Kind::kKeyword, keyword, syntax, instruction_markdown(doc), keyword + " ", replace,
            keyword + " " + std::string(doc.snippet));
  }
}

// The scope in force at the cursor: the instruction's there, else the one after the
// instruction before the cursor.
model::ScopePtr scope_at(const model::Model& model, uint32_t byte) {
  const std::vector<model::InstructionInfo>& all = model.instructions;
  std::optional<std::size_t> previous;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (ts_node_start_byte(all[i].node) >= byte) break;
    previous = i;
  }
  if (!previous) return model.global_scope;
  const model::InstructionInfo& info = all[*previous];
  if (byte <= ts_node_end_byte(info.node)) {
    return syntax::type_of(info.node) == "from_instruction" ? model.global_scope : info.scope;
  }
  if (info.stage < 0) return model.global_scope;
  if (*previous + 1 < all.size() && all[*previous + 1].stage == info.stage) {
    return all[*previous + 1].scope;
  }
  return model.stages[static_cast<std::size_t>(info.stage)].scope_at_end;
}

void variables(Context& ctx, model::ByteRange replace) {
  const model::ScopePtr scope = scope_at(ctx.model, ctx.byte);
  if (!scope) return;
  for (const auto& [name, variable] : scope->all()) {
    const std::string kind = variable->kind == model::VariableKind::kEnv ? "ENV" : "ARG";
    std::string detail = variable->value ? fmt::format("{} {}={}", kind, name, *variable->value)
                                         : fmt::format("{} {}", kind, name);
    ctx.add(Kind::kVariable, std::string(name), std::move(detail), "", std::string(name), replace);
  }
}

// Named stages other than the one the cursor is in (`earlier_only`: those before it).
void stages(Context& ctx, model::ByteRange replace, bool earlier_only) {
  const model::InstructionInfo* here = ctx.model.instruction_at(ctx.byte);
  int current = here != nullptr ? here->stage : -1;
  if (here == nullptr) {
    for (const model::Stage& stage : ctx.model.stages) {
      if (ts_node_start_byte(stage.from) < ctx.byte) current = static_cast<int>(stage.index);
    }
  }
  for (const model::Stage& stage : ctx.model.stages) {
    if (static_cast<int>(stage.index) == current || stage.name.empty()) continue;
    if (earlier_only && ts_node_start_byte(stage.from) >= ctx.byte) continue;
    ctx.add(Kind::kStage, stage.name, fmt::format("stage {}", stage.index), "", stage.name,
            replace);
  }
}

void flags(Context& ctx, const InstructionDoc& instruction, model::ByteRange replace) {
  for (const FlagDoc& flag : instruction.flags) {
    const std::string name = "--" + std::string(flag.name);
    ctx.add(Kind::kFlag, name, std::string(flag.value), flag_markdown(instruction, flag),
            flag.value.empty() ? name : name + "=", replace,
            flag.value.empty() ? name : name + "=${1:" + std::string(flag.value) + "}");
  }
}

void mount_completion(Context& ctx, std::string_view value, uint32_t value_start) {
  const std::size_t comma = value.rfind(',');
  const std::size_t item_start = comma == std::string_view::npos ? 0 : comma + 1;
  const std::string_view item = value.substr(item_start);
  const uint32_t item_byte = value_start + static_cast<uint32_t>(item_start);
  // The mount type given so far (bind when none).
  std::string type = "bind";
  std::size_t at = value.find("type=");
  if (at != std::string_view::npos && (at == 0 || value[at - 1] == ',')) {
    type = std::string(value.substr(at + 5, value.find(',', at) - at - 5));
  }
  if (const std::size_t eq = item.find('='); eq != std::string_view::npos) {
    const std::string_view key = item.substr(0, eq);
    const model::ByteRange replace{item_byte + static_cast<uint32_t>(eq) + 1, ctx.byte};
    if (syntax::iequals(key, "from")) {
      stages(ctx, replace, false);
      return;
    }
    if (const MountKeyDoc* doc = find_mount_key_doc(key)) {
      for (const std::string_view v : doc->values) {
        ctx.add(Kind::kValue, std::string(v), std::string(doc->key), "", std::string(v), replace);
      }
    }
    return;
  }
  for (const MountKeyDoc& key : mount_key_docs()) {
    if (!mount_key_applies(key, type)) continue;
    ctx.add(Kind::kMountKey, std::string(key.key), "--mount key", mount_key_markdown(key),
            std::string(key.key) + "=", {item_byte, ctx.byte});
  }
}

void flag_values(Context& ctx, const InstructionDoc& instruction, std::string_view name,
                 std::string_view value, uint32_t value_start) {
  const model::ByteRange replace{value_start, ctx.byte};
  if (syntax::iequals(name, "from") && instruction.keyword == "COPY") {
    stages(ctx, replace, false);
    return;
  }
  if (syntax::iequals(name, "mount") && instruction.keyword == "RUN") {
    mount_completion(ctx, value, value_start);
    return;
  }
  if (syntax::iequals(name, "platform")) {
    for (const char* p : {"$BUILDPLATFORM", "$TARGETPLATFORM", "linux/amd64", "linux/arm64"}) {
      ctx.add(Kind::kValue, p, "--platform", "", p, replace);
    }
    return;
  }
  if (const FlagDoc* flag = find_flag_doc(instruction, name)) {
    for (const std::string_view v : flag->values) {
      ctx.add(Kind::kValue, std::string(v), "--" + std::string(flag->name), "", std::string(v),
              replace);
    }
  }
}

void images(Context& ctx, std::string_view word, uint32_t word_start) {
  if (const std::size_t colon = word.find(':'); colon != std::string_view::npos) {
    const std::string_view image = word.substr(0, colon);
    const model::ByteRange replace{word_start + static_cast<uint32_t>(colon) + 1, ctx.byte};
    for (const std::string_view tag : catalog::tags(image)) {
      ctx.add(Kind::kTag, std::string(tag), std::string(image), "", std::string(tag), replace);
    }
    return;
  }
  const model::ByteRange replace{word_start, ctx.byte};
  stages(ctx, replace, true);
  for (const std::string_view name : catalog::image_names()) {
    if (catalog::image_status(name) != catalog::ImageStatus::active) continue;
    ctx.add(Kind::kImage, std::string(name), "Docker Official Image", "", std::string(name),
            replace);
  }
}

}  // namespace

std::vector<Completion> complete(const syntax::Document& doc, const model::Model& model,
                                 uint32_t byte) {
  const std::string_view text = doc.text();
  byte = std::min<uint32_t>(byte, static_cast<uint32_t>(text.size()));
  Context ctx{doc, model, byte, {}};
  const uint32_t line_start = physical_line_start(text, byte);
  uint32_t word_start = byte;
  while (word_start > line_start && !blank(text[word_start - 1])) --word_start;
  const std::string_view word = text.substr(word_start, byte - word_start);
  const std::string prefix = logical_prefix(text, word_start, model.escape);
  std::vector<std::string> tokens = split_blanks(prefix);

  // Inside a comment (or a directive): nothing.
  const std::string_view line = text.substr(line_start, byte - line_start);
  const std::size_t first = line.find_first_not_of(" \t");
  if (first != std::string_view::npos && line[first] == '#' &&
      !continues_previous(text, line_start, model.escape)) {
    return {};
  }
  // Inside a heredoc body: nothing (the grammar knows where they are).
  for (TSNode n = ts_node_descendant_for_byte_range(doc.root(), byte, byte); !ts_node_is_null(n);
       n = ts_node_parent(n)) {
    if (syntax::type_of(n) == syntax::node_type::kHeredocContent) return {};
  }

  // `$NAME` / `${NAME` being typed.
  if (const std::size_t dollar = word.rfind('$'); dollar != std::string_view::npos) {
    std::size_t name_start = dollar + 1;
    if (name_start < word.size() && word[name_start] == '{') ++name_start;
    const std::string_view partial = word.substr(name_start);
    if (std::all_of(partial.begin(), partial.end(), name_char)) {
      variables(ctx, {word_start + static_cast<uint32_t>(name_start), byte});
      return std::move(ctx.out);
    }
  }
  if (tokens.empty()) {
    if (std::all_of(word.begin(), word.end(),
                    [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
      keywords(ctx, {word_start, byte}, false);
    }
    return std::move(ctx.out);
  }
  const bool onbuild = syntax::iequals(tokens.front(), "ONBUILD");
  if (onbuild) {
    tokens.erase(tokens.begin());
    if (tokens.empty()) {
      keywords(ctx, {word_start, byte}, true);
      return std::move(ctx.out);
    }
  }
  const InstructionDoc* instruction = find_instruction_doc(tokens.front());
  if (instruction == nullptr) return {};
  const bool only_flags_before =
      std::all_of(tokens.begin() + 1, tokens.end(),
                  [](const std::string& t) { return t.size() > 2 && t.compare(0, 2, "--") == 0; });
  if (word.size() >= 2 && word.substr(0, 2) == "--") {
    if (!only_flags_before) return {};
    if (const std::size_t eq = word.find('='); eq != std::string_view::npos) {
      flag_values(ctx, *instruction, word.substr(2, eq - 2), word.substr(eq + 1),
                  word_start + static_cast<uint32_t>(eq) + 1);
      return std::move(ctx.out);
    }
    flags(ctx, *instruction, {word_start, byte});
    return std::move(ctx.out);
  }
  if (instruction->keyword == "FROM") {
    if (only_flags_before) {
      images(ctx, word, word_start);
    } else if (std::count_if(tokens.begin() + 1, tokens.end(), [](const std::string& t) {
                 return t.compare(0, 2, "--") != 0;
               }) == 1) {
      ctx.add(Kind::kKeyword, "AS", "AS <name>", "Names the stage.", "AS ", {word_start, byte});
    }
    return std::move(ctx.out);
  }
  if (word.empty() && only_flags_before) flags(ctx, *instruction, {word_start, byte});
  return std::move(ctx.out);
}

}  // namespace whalesafe::editing
