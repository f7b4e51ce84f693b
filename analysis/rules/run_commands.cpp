#include "rules/run_commands.h"

#include "rules/posix_shell.h"

namespace whalesafe::rules {
namespace {

// `command -v x` / `command -V x` only look `x` up; effective_command() would skip `command`
// and its option as a wrapper and name `x` as the program.
bool is_lookup(const shell::Command& c) {
  if (!c.name || shell::program_name(*c.name) != "command") return false;
  for (const shell::Word& a : c.args) {
    const std::string& t = a.text();
    if (t == "--" || !t.starts_with('-')) return false;
    if (t.find_first_of("vV") != std::string::npos) return true;
  }
  return false;
}

struct RunCommands {
  std::vector<RunCommand> commands;
};

RunCommands compute(const RuleContext& ctx) {
  RunCommands out;
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.keyword != "RUN" || !runs_in_posix_shell(ctx, sh.source.instruction)) continue;
    for (const shell::Command& c : sh.script.commands) {
      if (is_lookup(c)) continue;
      std::optional<shell::EffectiveCommand> eff = shell::effective_command(c);
      if (!eff || !eff->program().is_static() || eff->program().doc.pieces.empty()) continue;
      RunCommand rc;
      rc.shell = &sh;
      rc.command = &c;
      rc.program = std::string(shell::program_name(eff->program()));
      rc.effective = std::move(*eff);
      out.commands.push_back(std::move(rc));
    }
  }
  return out;
}

}  // namespace

const std::vector<RunCommand>& run_commands(const RuleContext& ctx) {
  return ctx.shared_fact<RunCommands>([&] { return compute(ctx); }).commands;
}

bool reads_stdin_from_script(const shell::Command& command) {
  if (command.pipe_stage > 0) return true;
  for (const shell::Redirect& r : command.redirects) {
    const bool stdin_fd = !r.descriptor || *r.descriptor == 0;
    if (stdin_fd && (r.op == "<" || r.op == "<<" || r.op == "<<-" || r.op == "<<<")) return true;
  }
  return false;
}

}  // namespace whalesafe::rules
