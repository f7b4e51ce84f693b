#include "rewrites/secrets_mount.h"

#include <fmt/format.h>

#include <cctype>

#include "rules/node_util.h"

namespace whalesafe::rewrites {
namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string secret_id(std::string_view name) {
  std::string id;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!id.empty() && id.front() == '.') id.erase(0, 1);
  return id.empty() ? "secret" : id;
}

std::string SecretMount::flag() const {
  std::string out = "--mount=type=secret,id=" + id;
  if (!target.empty()) out += ",target=" + target;
  if (!env.empty()) out += ",env=" + env;
  out += ",required=true";
  if (readable_by_all) out += ",mode=0444";
  return out;
}

bool runs_as_non_root(const model::InstructionInfo& run) {
  return run.user.origin == model::EffectiveUser::Origin::kInstruction && !run.user.is_root();
}

std::optional<TSNode> prefixable_command(const rules::RuleContext& ctx, TSNode run) {
  const TSNode command = rules::field(run, "command");
  if (ts_node_is_null(command) || !rules::is_type(command, "shell_command")) return std::nullopt;
  const std::string_view text = ctx.text(command);
  if (text.empty() || text.starts_with("<<")) return std::nullopt;
  return command;
}

std::vector<findings::TextEdit> add_mount(const rules::RuleContext& ctx, TSNode run,
                                          const SecretMount& mount, std::string_view prefix) {
  std::vector<findings::TextEdit> edits;
  const uint32_t after_keyword = ts_node_end_byte(rules::keyword_node(run));
  edits.push_back({after_keyword, after_keyword, " " + mount.flag()});
  if (!prefix.empty()) {
    if (const std::optional<TSNode> command = prefixable_command(ctx, run)) {
      const uint32_t at = ts_node_start_byte(*command);
      edits.push_back({at, at, std::string(prefix)});
    }
  }
  return edits;
}

std::string read_secret_prefix(std::string_view name, std::string_view id) {
  return fmt::format("{0}=\"$(cat /run/secrets/{1})\" && export {0} && ", name, id);
}

std::optional<std::string> expanded_word(const model::InstructionInfo& info, TSNode node) {
  for (const model::Word& w : info.words) {
    if (!ts_node_eq(w.node, node)) continue;
    if (!w.ok()) return std::nullopt;
    for (const model::VariableUse& use : w.expansion.uses) {
      if (!use.defined) return std::nullopt;
    }
    return w.value();
  }
  return std::nullopt;
}

bool shell_text_uses(std::string_view text, std::string_view name) {
  for (std::size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1)) {
    std::size_t p = at + 1;
    if (p < text.size() && text[p] == '{') ++p;
    if (text.substr(p, name.size()) != name) continue;
    const std::size_t after = p + name.size();
    if (after < text.size() && name_char(text[after])) continue;
    return true;
  }
  return false;
}

}  // namespace whalesafe::rewrites
