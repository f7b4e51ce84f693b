#include "rules/variable_settings.h"

#include <cctype>

namespace whalesafe::rules {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

}  // namespace

std::vector<VariableSetting> variable_settings(const RuleContext& ctx) {
  std::vector<VariableSetting> out;
  for (const model::InstructionInfo& info : ctx.model().instructions) {
    if (info.keyword != "env" && info.keyword != "arg") continue;
    for (const model::Declaration& d : info.declarations) {
      // `ARG X` without a default sets nothing.
      if (!d.variable.value || ts_node_is_null(d.variable.declaration)) continue;
      out.push_back({d.variable.name, d.variable.value, ts_node_start_byte(d.variable.declaration),
                     ts_node_end_byte(d.variable.declaration)});
    }
  }
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    for (const shell::Command& command : shell.script.commands) {
      // `unset X` and `export X` (no `=`) set nothing; neither does `X=` here, which the
      // script view cannot tell from `export X`.
      const bool unsets = command.name && command.name->text() == "unset";
      for (const shell::Assignment& a : command.assignments) {
        if (unsets || !a.value) continue;
        out.push_back({a.name, a.value->value, a.doc.covering.start, a.doc.covering.end});
      }
      // `env [options] A=1 B=2 cmd`
      if (!command.name || command.name->text() != "env") continue;
      for (const shell::Word& w : command.args) {
        const std::string& t = w.text();
        if (!t.empty() && t[0] == '-') continue;
        const std::size_t eq = t.find('=');
        if (eq == std::string::npos || !valid_name(std::string_view(t).substr(0, eq))) break;
        std::optional<std::string> value;
        if (w.is_static()) value = t.substr(eq + 1);
        out.push_back(
            {t.substr(0, eq), std::move(value), w.doc.covering.start, w.doc.covering.end});
      }
    }
  }
  return out;
}

}  // namespace whalesafe::rules
