// Helpers the package-manager rules share (apt-*, apk-no-cache, pip-no-cache-dir,
// package-cache-not-cleaned, package-unpinned, pipefail-missing, build-tools-in-final-stage):
// the RUN instructions with their parsed shell and recognized invocations, which stages end up
// in the final image, cache mounts, and the edits their fixes make.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"
#include "rules/rule_context.h"
#include "shell/invocations.h"

namespace whalesafe::rules {

// One recognized invocation and the shell it was read from.
struct RunInvocation {
  const shell::AnalyzedShell* shell = nullptr;
  // Held by the context (RuleContext::invocations), which outlives the facts derived from it:
  // not copied, since every analysis gathers the RUN instructions again.
  const shell::Invocation& inv;
  const shell::Command& command() const { return shell->script.commands[inv.command_index]; }
};

// A top-level RUN in shell form (not under ONBUILD) whose shell is POSIX-like.
struct RunInstruction {
  TSNode node{};
  const model::InstructionInfo* info = nullptr;
  std::size_t stage = 0;
  bool in_final_image = false;  // its stage is the final one or one the final is built FROM
  bool shell_pipefail = false;  // the SHELL in force passes `-o pipefail`
  std::vector<const shell::AnalyzedShell*> shells;  // command line, then heredoc scripts
  std::vector<RunInvocation> invocations;           // in source order, over all its shells
  std::vector<std::string> cache_mounts;            // targets of --mount=type=cache or tmpfs
};

// The RUN instructions of the document, in order. RUNs under a PowerShell or cmd SHELL (or in
// a stage on a Windows image without SHELL) are left out: their text is not POSIX shell.
// Computed once per RuleContext and shared by the rules that ask.
const std::vector<RunInstruction>& run_instructions(const RuleContext& ctx);

// For each stage index: whether its filesystem ends up in the final image (the final stage and
// the stages it is built FROM, transitively).
std::vector<bool> stages_in_final_image(const model::Model& model);

// True when a cache/tmpfs mount of `run` covers `dir` (the target is `dir`, a parent of it, or
// a directory inside it).
bool mount_covers(const RunInstruction& run, std::string_view dir);

// True when a command of `run` at or after position (`shell`, `after`) runs `rm` (or `find
// ... -delete`/`-exec`) on one of `dirs`, its contents (`dir/*`) or a parent of it (`~/` and
// `$HOME/` read as `/root/`). `after` indexes shell->script.commands; commands of later shells
// of the RUN count too.
bool removes_path(const RunInstruction& run, const shell::AnalyzedShell* shell, std::size_t after,
                  const std::vector<std::string_view>& prefixes);

// The word holding the invocation's action (`install` in `apt-get -q install x`), if found.
const shell::Word* action_word(const RunInvocation& ri);

// The Dockerfile range from the program word to the action word (`apt-get install`), or the
// whole command when the action word is not found.
findings::TextEdit head_range(const RunInvocation& ri);

// An edit inserting `text` right after the action word (e.g. " --no-cache"); nullopt when the
// word cannot be placed exactly in the Dockerfile.
std::optional<findings::TextEdit> insert_after_action(const RunInvocation& ri,
                                                      std::string_view text);

// An edit appending ` && <command>` after the last command of the RUN's command line, when that
// is sound: the last top-level command ends the text (only blanks or a comment follow), runs
// unconditionally in the main shell, and has no redirection or heredoc.
std::optional<findings::TextEdit> append_to_run(const RunInstruction& run,
                                                std::string_view command);

// True when an instruction before `node` writes an APT configuration file mentioning `key`
// (lower case): its text names both `apt.conf` and `key`, as in `echo 'APT::Get::Assume-Yes
// "true";' > /etc/apt/apt.conf.d/90yes`.
bool configured_before(const RuleContext& ctx, TSNode node, std::string_view key);

// Lower-cased last path component of a word's text ("/usr/bin/Apt-Get" -> "apt-get").
std::string program_of(const shell::Command& command);

}  // namespace whalesafe::rules
