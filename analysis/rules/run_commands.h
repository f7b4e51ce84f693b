// The commands that RUN instructions execute, with the program that really runs (past `sudo`,
// `env`, ...): what pointless-command, chpasswd-usage and shell-replaced-by-symlink look at.
// A program named as an argument (`apt-get install vim`, `which ps`) is not a command here, and
// neither is the program of a lookup (`command -v vim`, `command -V ps`).
#pragma once

#include <string>
#include <vector>

#include "rules/rule_context.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {

struct RunCommand {
  const shell::AnalyzedShell* shell = nullptr;
  const shell::Command* command = nullptr;
  shell::EffectiveCommand effective;  // program first; points into *command
  std::string program;                // base name of the program word as written
  // The program word is static (no expansion) and maps to the Dockerfile.
  const shell::Word& program_word() const { return effective.program(); }
  // The words after the program.
  std::vector<const shell::Word*> arguments() const {
    return {effective.words.begin() + 1, effective.words.end()};
  }
};

// Every command of every RUN (shell form, heredoc scripts, also under ONBUILD) whose shell is
// POSIX-like, in source order. Only static program words are listed. Computed once per
// context.
const std::vector<RunCommand>& run_commands(const RuleContext& ctx);

// Whether the command reads its standard input from a pipe or a redirection (`echo x | cmd`,
// `cmd < file`, `cmd <<EOF`, `cmd <<< word`).
bool reads_stdin_from_script(const shell::Command& command);

}  // namespace whalesafe::rules
