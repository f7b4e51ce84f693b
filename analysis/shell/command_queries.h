// Questions rules ask about commands: which program really runs (past `sudo`, `env`, ...),
// and whether `set -o pipefail` is in force.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/script.h"

namespace whalesafe::shell {

// A command's program and arguments once wrapper prefixes are skipped: `sudo [opts]`,
// `env [opts] [A=b...]`, `command [-p]`, `exec [opts]`, `nohup`, `time [-p]`, `nice [-n N]`,
// `doas [-u U]`. `words` points into the Command (name first, then args), so it lives as long
// as the Command does.
struct EffectiveCommand {
  std::vector<const Word*> words;  // program first
  const Word& program() const { return *words.front(); }
  std::size_t size() const { return words.size(); }
};

// Nothing when the command has no name, or the wrappers leave no program. Rules ask this of
// every command many times per analysis: the Script builder stores Command::program_index
// once, and this only gathers the words.
std::optional<EffectiveCommand> effective_command(const Command& command);

// Where effective_command's program is: its index in name + args, or Command::kNoProgram
// (what the Script builder stores in Command::program_index).
int32_t program_index(const Command& command);

// The wrapper prefixes effective_command skips, e.g. {"sudo", "env"}.
std::vector<std::string> wrapper_names(const Command& command);

// The last path component of a word's text: "/usr/bin/apt-get" -> "apt-get".
std::string_view program_name(const Word& word);

// +1 when `command` is a `set` that turns pipefail on (`set -o pipefail`, `set -euxo
// pipefail`), -1 when it turns it off (`set +o pipefail`), 0 otherwise.
int pipefail_change(const Command& command);

// Whether pipefail is on when Script::commands[index] runs: `initially` (e.g. from a SHELL
// with `-o pipefail`), then every earlier `set` of the same shell (not in a subshell,
// substitution or function) in order.
bool pipefail_in_effect(const Script& script, std::size_t index, bool initially = false);

}  // namespace whalesafe::shell
