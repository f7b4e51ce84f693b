#include "rules/package_util.h"

#include <algorithm>
#include <map>

#include "model/mount_options.h"
#include "rules/node_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

std::string base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  return ascii_lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool posix_shell(const model::EffectiveShell& shell) {
  if (shell.argv.empty()) return true;
  const std::string name = base_name(shell.argv.front());
  return name != "cmd" && name != "cmd.exe" && name != "powershell" && name != "powershell.exe" &&
         name != "pwsh" && name != "pwsh.exe";
}

// `-o pipefail`, or a cluster ending in `o` (`-eo pipefail`, `-euxo pipefail`).
bool argv_sets_pipefail(const std::vector<std::string>& argv) {
  bool on = false;
  for (std::size_t i = 1; i + 1 < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (argv[i + 1] != "pipefail" || a.size() < 2 || a.starts_with("--")) continue;
    if ((a[0] == '-' || a[0] == '+') && a.back() == 'o') on = a[0] == '-';
  }
  return on;
}

// `known` caches the answer per stage index (-1: not asked yet): asked once per RUN.
bool windows_image(const model::Stage& stage, std::vector<signed char>& known) {
  if (known.size() <= stage.index) known.resize(stage.index + 1, -1);
  signed char& answer = known[stage.index];
  if (answer < 0) {
    const std::string image = stage.base.resolved ? ascii_lower(*stage.base.resolved) : "";
    answer = image.find("windows") != std::string::npos ||
             image.find("nanoserver") != std::string::npos ||
             image.find("servercore") != std::string::npos;
  }
  return answer != 0;
}

std::vector<std::string> mount_targets(const RuleContext& ctx, TSNode run) {
  std::vector<std::string> out;
  for (TSNode flag : syntax::flags(ctx.document(), run)) {
    if (ctx.text(field(flag, "name")) != "mount") continue;
    const std::string_view value = strip_quotes(ctx.text(field(flag, "value")));
    std::string type = "bind";
    std::string target;
    for (const model::MountOption& o : model::parse_mount_options(value)) {
      if (o.key == "type") type = ascii_lower(o.value);
      if (o.key == "target" || o.key == "dst" || o.key == "destination") target = o.value;
    }
    if ((type == "cache" || type == "tmpfs") && !target.empty()) out.push_back(target);
  }
  return out;
}

// "/var/lib/apt/lists/*" -> "/var/lib/apt/lists"; "~/.cache" and "$HOME/.cache" -> "/root/.cache".
std::string normalize_path(std::string path) {
  for (std::string_view home : {"~/", "$HOME/", "${HOME}/"}) {
    if (path.starts_with(home)) path = "/root/" + path.substr(home.size());
  }
  while (path.size() > 1 && (path.ends_with("/*") || path.ends_with("/"))) {
    path.resize(path.ends_with("/*") ? path.size() - 2 : path.size() - 1);
  }
  return path;
}

// True when removing `path` removes `dir` or what is in it.
bool path_covers(std::string path, std::string_view dir) {
  path = normalize_path(std::move(path));
  if (path.empty() || path == "/" || path == "*") return false;
  const std::string d(dir);
  return path == d || d.starts_with(path + "/") || path.starts_with(d + "/") ||
         (path.ends_with("*") && d.starts_with(path.substr(0, path.size() - 1)));
}

bool command_removes(const shell::Command& c, const std::vector<std::string_view>& dirs) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
  if (!cmd) return false;
  const std::string name = base_name(cmd->program().text());
  std::vector<std::string> paths;
  if (name == "rm") {
    for (std::size_t i = 1; i < cmd->size(); ++i) {
      const std::string& t = cmd->words[i]->text();
      if (!t.starts_with("-")) paths.push_back(t);
    }
  } else if (name == "find" && cmd->size() > 1) {
    bool deletes = false;
    for (std::size_t i = 1; i < cmd->size(); ++i) {
      const std::string& t = cmd->words[i]->text();
      deletes |= t == "-delete" || t == "-exec" || t == "-execdir";
    }
    if (deletes) paths.push_back(cmd->words[1]->text());
  }
  for (const std::string& p : paths) {
    for (std::string_view d : dirs) {
      if (path_covers(p, d)) return true;
    }
  }
  return false;
}

}  // namespace

std::string program_of(const shell::Command& command) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(command);
  if (!cmd) return "";
  return base_name(cmd->program().text());
}

std::vector<bool> stages_in_final_image(const model::Model& model) {
  std::vector<bool> in(model.stages.size(), false);
  const model::Stage* s = model.final_stage();
  while (s != nullptr && !in[s->index]) {
    in[s->index] = true;
    s = s->base.stage ? &model.stages[*s->base.stage] : nullptr;
  }
  return in;
}

namespace {

std::vector<RunInstruction> compute_run_instructions(const RuleContext& ctx) {
  const model::Model& model = ctx.model();
  const std::vector<bool> in_final = stages_in_final_image(model);
  std::vector<RunInstruction> out;
  std::map<uint32_t, std::size_t> by_start;
  std::vector<signed char> windows;  // per stage, see windows_image
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.onbuild || sh.source.keyword != "RUN") continue;
    const uint32_t start = ts_node_start_byte(sh.source.instruction);
    auto it = by_start.find(start);
    if (it == by_start.end()) {
      const model::InstructionInfo* info = model.instruction_at(start);
      if (info == nullptr || info->stage < 0) continue;
      const model::Stage& stage = model.stages[static_cast<std::size_t>(info->stage)];
      if (!posix_shell(info->shell)) continue;
      if (info->shell.is_default() && windows_image(stage, windows)) continue;
      RunInstruction run;
      run.node = sh.source.instruction;
      run.info = info;
      run.stage = stage.index;
      run.in_final_image = in_final[stage.index];
      run.shell_pipefail = argv_sets_pipefail(info->shell.argv);
      run.cache_mounts = mount_targets(ctx, run.node);
      it = by_start.emplace(start, out.size()).first;
      out.push_back(std::move(run));
    }
    RunInstruction& run = out[it->second];
    run.shells.push_back(&sh);
    for (const shell::Invocation& inv : ctx.invocations(sh)) run.invocations.push_back({&sh, inv});
  }
  return out;
}

}  // namespace

const std::vector<RunInstruction>& run_instructions(const RuleContext& ctx) {
  return ctx.shared_fact<std::vector<RunInstruction>>(
      [&] { return compute_run_instructions(ctx); });
}

namespace {

// The instructions that mention apt.conf (lower-cased, with their start): found once per
// context, so that configured_before does not rescan the file for every RUN.
struct AptConfInstructions {
  std::vector<std::pair<uint32_t, std::string>> lowered;
};

const AptConfInstructions& apt_conf_instructions(const RuleContext& ctx) {
  return ctx.shared_fact<AptConfInstructions>([&] {
    AptConfInstructions found;
    for (TSNode i : ctx.instructions()) {
      // Lower-cased only when it mentions apt.conf: a copy of every instruction on every
      // analysis cost more than the rule that asks.
      if (syntax::icontains(ctx.text(i), "apt.conf")) {
        found.lowered.emplace_back(ts_node_start_byte(i), ascii_lower(ctx.text(i)));
      }
    }
    return found;
  });
}

}  // namespace

bool configured_before(const RuleContext& ctx, TSNode node, std::string_view key) {
  for (const auto& [start, text] : apt_conf_instructions(ctx).lowered) {
    if (start >= ts_node_start_byte(node)) break;
    if (text.find(key) != std::string::npos) return true;
  }
  return false;
}

bool mount_covers(const RunInstruction& run, std::string_view dir) {
  return std::any_of(run.cache_mounts.begin(), run.cache_mounts.end(),
                     [&](const std::string& t) { return path_covers(t, dir); });
}

bool removes_path(const RunInstruction& run, const shell::AnalyzedShell* shell, std::size_t after,
                  const std::vector<std::string_view>& dirs) {
  bool started = false;
  for (const shell::AnalyzedShell* sh : run.shells) {
    started |= sh == shell;
    if (!started) continue;
    const auto& commands = sh->script.commands;
    for (std::size_t i = sh == shell ? after : 0; i < commands.size(); ++i) {
      if (command_removes(commands[i], dirs)) return true;
    }
  }
  return false;
}

const shell::Word* action_word(const RunInvocation& ri) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(ri.command());
  if (!cmd || ri.inv.action.empty()) return nullptr;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    if (cmd->words[i]->text() == ri.inv.action) return cmd->words[i];
  }
  return nullptr;
}

findings::TextEdit head_range(const RunInvocation& ri) {
  const shell::Command& c = ri.command();
  findings::TextEdit r{c.doc.covering.start, c.doc.covering.end, ""};
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
  if (cmd) r.start_byte = cmd->program().doc.covering.start;
  if (const shell::Word* w = action_word(ri); w != nullptr && !w->doc.pieces.empty()) {
    r.end_byte = w->doc.covering.end;
  }
  return r;
}

std::optional<findings::TextEdit> insert_after_action(const RunInvocation& ri,
                                                      std::string_view text) {
  const shell::Word* w = action_word(ri);
  if (w == nullptr || w->doc.pieces.empty()) return std::nullopt;
  const uint32_t at = w->doc.covering.end;
  return findings::TextEdit{at, at, std::string(text)};
}

std::optional<findings::TextEdit> append_to_run(const RunInstruction& run,
                                                std::string_view command) {
  if (run.shells.size() != 1) return std::nullopt;
  const shell::AnalyzedShell& sh = *run.shells.front();
  const shell::Script& script = sh.script;
  if (script.has_errors()) return std::nullopt;
  const shell::Command* last = nullptr;
  for (const shell::Command& c : script.commands) {
    if (c.in_substitution) continue;
    if (last == nullptr || c.range.end > last->range.end) last = &c;
  }
  if (last == nullptr || last->conditional || last->in_subshell || last->in_function ||
      last->background || last->negated || !last->redirects.empty() || !last->name ||
      last->doc.pieces.empty()) {
    return std::nullopt;
  }
  // Only blanks, `;`-free text and a comment may follow.
  const std::string_view rest = std::string_view(sh.source.text).substr(last->range.end);
  const std::size_t next = rest.find_first_not_of(" \t\r\n");
  if (next != std::string_view::npos && rest[next] != '#') return std::nullopt;
  const uint32_t at = last->doc.covering.end;
  return findings::TextEdit{at, at, " && " + std::string(command)};
}

}  // namespace whalesafe::rules
