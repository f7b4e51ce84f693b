// The pieces move-secrets puts into a RUN: the secret mount flag, the line that reads a secret
// file into a variable, and the edits that add them to one RUN instruction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

// A secret id for a variable or file name: lower case, characters other than letters, digits,
// `-`, `_` and `.` dropped ("NPM_TOKEN" -> "npm_token", ".npmrc" -> "npmrc").
std::string secret_id(std::string_view name);

struct SecretMount {
  std::string id;
  std::string target;  // `target=` (a file mount); empty for the default /run/secrets/<id>
  std::string env;     // `env=` (dockerfile frontend 1.10 or newer); empty otherwise
  bool readable_by_all = false;  // `mode=0444`: the RUN does not run as root
  std::string flag() const;      // "--mount=type=secret,id=...,required=true"
};

// Whether the RUN runs as a user known not to be root (the secret file is root's, mode 0400,
// unless the mount says otherwise).
bool runs_as_non_root(const model::InstructionInfo& run);

// The RUN's shell form command text, or nullopt for the exec (JSON) form, a RUN made only of a
// heredoc script (`RUN <<EOF`) and a RUN without a command: those cannot take a prefix.
std::optional<TSNode> prefixable_command(const rules::RuleContext& ctx, TSNode run);

// Edits that add `mount` to `run` and, when `prefix` is not empty, put it before the command
// (`NAME="$(cat /run/secrets/id)" && export NAME && <command>`).
std::vector<findings::TextEdit> add_mount(const rules::RuleContext& ctx, TSNode run,
                                          const SecretMount& mount, std::string_view prefix);

// The shell line that reads secret `id` into the exported variable `name`. It sets and exports
// in two steps so that `$NAME` in the rest of the command sees the value (a prefix assignment
// `NAME=... cmd $NAME` would expand the old value) and programs that read it from their
// environment see it too, as they saw the ARG or ENV.
std::string read_secret_prefix(std::string_view name, std::string_view id);

// The value BuildKit gives the word `node` of `info` (a COPY path, say: `$APP/` with the ENV
// it names expanded, quotes removed); nullopt when the expansion fails or names a variable that
// is not set.
std::optional<std::string> expanded_word(const model::InstructionInfo& info, TSNode node);

// The RUNs that hold `$NAME` / `${NAME...}` in their shell text.
bool shell_text_uses(std::string_view text, std::string_view name);

}  // namespace whalesafe::rewrites
