#include "rules/node_util.h"

#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "syntax/tree_util.h"

namespace whalesafe::rules {

TSNode keyword_node(TSNode instruction) { return field(instruction, "keyword"); }

std::string instruction_name(TSNode instruction) {
  std::string_view type = syntax::type_of(instruction);
  constexpr std::string_view kSuffix = "_instruction";
  if (type.size() > kSuffix.size() && type.ends_with(kSuffix)) {
    type.remove_suffix(kSuffix.size());
  }
  return ascii_upper(type);
}

bool is_type(TSNode node, std::string_view type) {
  if (ts_node_is_null(node)) return false;
  // Compared without measuring the node's type first: rules ask this of every instruction,
  // tens of thousands of times per analysis of a large file, and the strlen cost as much as
  // the comparison. Equal when `type` is a prefix of it that ends where it ends.
  const char* const node_type = ts_node_type(node);
  return std::strncmp(node_type, type.data(), type.size()) == 0 && node_type[type.size()] == '\0';
}

std::optional<FlagRef> find_flag(const syntax::Document& doc, TSNode instruction,
                                 std::string_view name) {
  for (TSNode flag : syntax::flags(doc, instruction)) {
    // A flag cut short (`--` at the end of a broken line) has no name node.
    const TSNode flag_name = field(flag, "name");
    if (!ts_node_is_null(flag_name) && doc.node_text(flag_name) == name) {
      return FlagRef{flag, field(flag, "value")};
    }
  }
  return std::nullopt;
}

bool contains_expansion(TSNode node) {
  bool found = false;
  syntax::walk(node, [&](TSNode n) {
    if (syntax::type_of(n) == "expansion") found = true;
    return !found;
  });
  return found;
}

std::vector<PathOperand> path_operands(const syntax::Document& doc, TSNode instruction) {
  std::vector<PathOperand> out;
  for (TSNode p : fields(instruction, "path")) {
    if (is_type(p, "heredoc_marker")) continue;
    out.push_back({p, std::string(doc.node_text(p))});
  }
  TSNode array = field(instruction, "paths");
  if (!ts_node_is_null(array)) {
    syntax::for_each_child(array, [&](TSNode s) {
      if (!is_type(s, "json_string")) return;
      // The grammar only accepts valid JSON strings here, so parsing cannot fail; keep the raw
      // text if it ever does.
      const std::string_view raw = doc.node_text(s);
      const nlohmann::json value = nlohmann::json::parse(raw, nullptr, false);
      out.push_back({s, value.is_string() ? value.get<std::string>() : std::string(raw)});
    });
  }
  return out;
}

bool uses_variable(const PathOperand& operand) {
  return contains_expansion(operand.node) || operand.text.find('$') != std::string::npos;
}

std::string_view strip_quotes(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

findings::TextEdit replace(TSNode node, std::string text) {
  return {ts_node_start_byte(node), ts_node_end_byte(node), std::move(text)};
}

bool is_absolute_path(std::string_view path) {
  if (path.starts_with('/') || path.starts_with('\\')) return true;
  return path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
         (path[2] == '\\' || path[2] == '/');
}

}  // namespace whalesafe::rules
