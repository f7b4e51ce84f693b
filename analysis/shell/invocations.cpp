#include "shell/invocations.h"

#include <algorithm>
#include <cctype>

#include "shell/command_queries.h"
#include "shell/package_specs.h"
#include "shell/shell_source.h"

namespace whalesafe::shell {
namespace {

bool contains(const std::vector<std::string_view>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

Span whole(const Word& w) { return Span{w.text(), w.range, w.doc}; }

// Bytes [offset, offset+length) of the word's value. Exact for plain unquoted words; for
// quoted or escaped ones (where value and shell bytes differ) the span is the whole word.
Span part(const Word& w, std::size_t offset, std::size_t length, const SourceMap& map) {
  const std::string& text = w.text();
  Span s;
  s.text = text.substr(std::min(offset, text.size()), length);
  if (w.value && *w.value == w.raw) {
    s.range = ByteRange{w.range.start + static_cast<uint32_t>(offset),
                        w.range.start + static_cast<uint32_t>(offset + s.text.size())};
    s.doc = map.to_document(s.range);
  } else {
    s.range = w.range;
    s.doc = w.doc;
  }
  return s;
}

const OptionSpec* find_option(const ManagerSpec& spec, std::string_view spelling,
                              std::string_view action = {}) {
  if (!action.empty()) {
    for (const ActionOptions& scoped : spec.action_options) {
      if (!contains(scoped.actions, action)) continue;
      for (const OptionSpec& o : scoped.options) {
        if (contains(o.spellings, spelling)) return &o;
      }
    }
  }
  for (const OptionSpec& o : spec.options) {
    if (contains(o.spellings, spelling)) return &o;
  }
  return nullptr;
}

// The tool a command runs and the index of its first argument (after `-m pip`, `uv pip`).
struct Resolved {
  const ManagerSpec* spec = nullptr;
  std::size_t first_arg = 1;
};

bool is_pip_name(std::string_view name) {
  if (name == "pip" || name == "pip3") return true;
  // pip3.11
  if (!name.starts_with("pip3.") || name.size() == 5) return false;
  return std::all_of(name.begin() + 5, name.end(), is_digit);
}

Resolved resolve(const EffectiveCommand& cmd) {
  const std::string_view name = program_name(cmd.program());
  if (is_pip_name(name)) return {&spec_of(Manager::kPip), 1};
  if (name.starts_with("python")) {
    for (std::size_t i = 1; i + 1 < cmd.size(); ++i) {
      const std::string& w = cmd.words[i]->text();
      if (w == "-m") {
        const std::string& module = cmd.words[i + 1]->text();
        if (module == "pip" || module == "pip3") return {&spec_of(Manager::kPip), i + 2};
        return {};
      }
      if (!w.starts_with('-')) return {};  // a script: python x.py
    }
    return {};
  }
  if (name == "uv") {
    if (cmd.size() > 1 && cmd.words[1]->text() == "pip") return {&spec_of(Manager::kUvPip), 2};
    return {};
  }
  for (const ManagerSpec& spec : manager_specs()) {
    if (contains(spec.programs, name)) return {&spec, 1};
  }
  return {};
}

void add_flag(Invocation& inv, const OptionSpec* option, std::string spelling, Span span) {
  Flag f;
  f.canonical = option ? std::string(option->canonical) : spelling;
  f.spelling = std::move(spelling);
  f.span = std::move(span);
  // A mode option (rpm -i) names the action, unless an earlier one did (rpm -qi: query).
  if (option != nullptr && !option->action.empty() && inv.action.empty()) {
    inv.action = std::string(option->action);
    inv.action_span = f.span;
  }
  inv.flags.push_back(std::move(f));
}

// Reads the option word words[i] (and its value word); returns the index of the last word
// used.
std::size_t read_option(const ManagerSpec& spec, const std::vector<const Word*>& words,
                        std::size_t i, const SourceMap& map, Invocation& inv) {
  const Word& w = *words[i];
  const std::string& t = w.text();
  const auto take_next_value = [&](Flag& f) {
    if (i + 1 < words.size()) {
      ++i;
      f.value = words[i]->text();
      f.value_span = whole(*words[i]);
    }
  };
  // Long options, and short ones the table spells out whole (wget -nv, go -ldflags).
  const std::size_t eq = t.find('=');
  const std::string name = t.substr(0, eq);
  const OptionSpec* option = find_option(spec, name, inv.action);
  if (t.starts_with("--") || option != nullptr) {
    add_flag(inv, option, name, part(w, 0, name.size(), map));
    Flag& f = inv.flags.back();
    if (eq != std::string::npos) {
      f.value = t.substr(eq + 1);
      f.value_span = part(w, eq + 1, t.size() - eq - 1, map);
    } else if (option != nullptr && option->takes_value) {
      take_next_value(f);
    }
    return i;
  }
  // A cluster of short options: -fsSL, -qqy, -fsSLo file, -qO-.
  for (std::size_t k = 1; k < t.size(); ++k) {
    const std::string spelling = std::string("-") + t[k];
    const OptionSpec* letter = find_option(spec, spelling, inv.action);
    add_flag(inv, letter, spelling, part(w, k, 1, map));
    if (letter != nullptr && letter->takes_value) {
      Flag& f = inv.flags.back();
      if (k + 1 < t.size()) {
        f.value = t.substr(k + 1);
        f.value_span = part(w, k + 1, t.size() - k - 1, map);
      } else {
        take_next_value(f);
      }
      break;
    }
  }
  return i;
}

// Where the version starts in a package word, by the tool's convention.
struct Split {
  std::size_t name_end = std::string::npos;  // npos: no version
  std::size_t version_start = 0;
};

Split split_package(VersionStyle style, std::string_view t) {
  Split s;
  const auto operator_run = [&](std::size_t at, std::string_view chars) {
    s.name_end = at;
    std::size_t end = at;
    while (end < t.size() && chars.find(t[end]) != std::string_view::npos) ++end;
    s.version_start = end;
  };
  switch (style) {
    case VersionStyle::kNone:
      break;
    case VersionStyle::kEquals: {
      const std::size_t at = t.find('=');
      if (at != std::string_view::npos && at > 0) operator_run(at, "=");
      break;
    }
    case VersionStyle::kOperators: {
      const std::size_t at = t.find_first_of("=<>~");
      if (at != std::string_view::npos && at > 0) operator_run(at, "=<>~");
      break;
    }
    case VersionStyle::kPep440: {
      // URLs, paths and VCS requirements carry no version operator.
      if (t.find("://") != std::string_view::npos || t.starts_with('.') || t.starts_with('/')) {
        break;
      }
      const std::size_t at = t.find_first_of("=<>!~");
      if (at != std::string_view::npos && at > 0) operator_run(at, "=<>!~");
      break;
    }
    case VersionStyle::kAt: {
      const std::size_t at = t.rfind('@');
      if (at != std::string_view::npos && at > 0) operator_run(at, "@");
      break;
    }
    case VersionStyle::kDashDigit: {
      for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if (t[i] == '-' && is_digit(t[i + 1])) {
          operator_run(i, "-");
          break;
        }
      }
      break;
    }
    case VersionStyle::kColon: {
      const std::size_t at = t.find(':');
      if (at != std::string_view::npos && at > 0) operator_run(at, ":");
      break;
    }
  }
  return s;
}

Package package_of(VersionStyle style, const Word& w, const SourceMap& map) {
  Package p;
  p.spec = w.text();
  p.span = whole(w);
  const Split s = split_package(style, p.spec);
  if (s.name_end == std::string::npos || s.version_start >= p.spec.size()) {
    p.name = p.spec;
    return p;
  }
  p.name = p.spec.substr(0, s.name_end);
  p.version_operator = p.spec.substr(s.name_end, s.version_start - s.name_end);
  p.version = p.spec.substr(s.version_start);
  p.version_span = part(w, s.version_start, p.spec.size() - s.version_start, map);
  // pip extras are not part of the name: flask[async]==2.0
  if (style == VersionStyle::kPep440) {
    const std::size_t bracket = p.name.find('[');
    if (bracket != std::string::npos) p.name.resize(bracket);
  }
  return p;
}

void find_shell_downstream(const Script& script, std::size_t index, Invocation& inv) {
  const Command& c = script.commands[index];
  if (c.pipeline < 0) return;
  for (std::size_t j = index + 1; j < script.commands.size(); ++j) {
    const Command& next = script.commands[j];
    if (next.pipeline != c.pipeline || next.pipe_stage <= c.pipe_stage) continue;
    const std::optional<EffectiveCommand> cmd = effective_command(next);
    if (cmd && is_shell_program(program_name(cmd->program()))) {
      inv.piped_to_shell = true;
      inv.shell_command_index = j;
      return;
    }
  }
}

}  // namespace

const Flag* Invocation::flag(std::string_view canonical) const {
  for (const Flag& f : flags) {
    if (f.canonical == canonical || f.spelling == canonical) return &f;
  }
  return nullptr;
}

std::optional<Invocation> recognize_invocation(const Script& script, std::size_t index,
                                               const SourceMap& map) {
  if (index >= script.commands.size()) return std::nullopt;
  const std::optional<EffectiveCommand> cmd = effective_command(script.commands[index]);
  if (!cmd) return std::nullopt;
  const Resolved resolved = resolve(*cmd);
  if (resolved.spec == nullptr) return std::nullopt;
  const ManagerSpec& spec = *resolved.spec;

  Invocation inv;
  inv.manager = spec.manager;
  inv.command_index = index;
  inv.wrappers = wrapper_names(script.commands[index]);
  bool options_done = false;
  for (std::size_t i = resolved.first_arg; i < cmd->size(); ++i) {
    const Word& w = *cmd->words[i];
    const std::string& t = w.text();
    if (!options_done && t == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && t.size() > 1 && t[0] == '-') {
      i = read_option(spec, cmd->words, i, map, inv);
      continue;
    }
    if (!spec.has_action && spec.package_actions.empty()) {
      inv.urls.push_back(whole(w));
      continue;
    }
    if (spec.has_action && inv.action.empty()) {
      // `yarn global add x`: `global` is a mode, the action follows.
      if (t == "global" && (spec.manager == Manager::kYarn || spec.manager == Manager::kPnpm)) {
        add_flag(inv, find_option(spec, "--global"), t, whole(w));
        continue;
      }
      inv.action = t;
      inv.action_span = whole(w);
      continue;
    }
    if (contains(spec.url_actions, inv.action) && t.find("://") != std::string::npos) {
      inv.urls.push_back(whole(w));
    }
    if (contains(spec.package_actions, inv.action)) {
      inv.packages.push_back(package_of(spec.version_style, w, map));
    } else {
      inv.operands.push_back(whole(w));
    }
  }
  // gem install x -v 1.2, cargo install x --version 1.2: the option pins every package.
  if (spec.version_option) {
    if (const Flag* v = inv.flag(*spec.version_option); v != nullptr && v->value) {
      for (Package& p : inv.packages) {
        if (p.version) continue;
        p.version = v->value;
        p.version_operator = v->spelling;
      }
    }
  }
  if (spec.manager == Manager::kCurl || spec.manager == Manager::kWget) {
    if (const Flag* url = inv.flag("url"); url != nullptr && url->value_span) {
      inv.urls.push_back(*url->value_span);
    }
    if (const Flag* out = inv.flag("output"); out != nullptr && out->value_span) {
      inv.output = out->value_span;
    }
    find_shell_downstream(script, index, inv);
  }
  return inv;
}

std::vector<Invocation> recognize_invocations(const Script& script, const SourceMap& map) {
  std::vector<Invocation> out;
  for (std::size_t i = 0; i < script.commands.size(); ++i) {
    if (std::optional<Invocation> inv = recognize_invocation(script, i, map)) {
      out.push_back(std::move(*inv));
    }
  }
  return out;
}

}  // namespace whalesafe::shell
