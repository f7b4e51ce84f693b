// Whether a RUN/CMD/... runs its shell text with a POSIX shell: its stage's SHELL is sh, bash,
// ... (or none is set and the base image is not a Windows image, whose default is cmd.exe).
// The shell rules skip PowerShell and cmd text, which tree-sitter-bash cannot read.
#pragma once

#include <tree_sitter/api.h>

#include "rules/rule_context.h"

namespace whalesafe::rules {

bool runs_in_posix_shell(const RuleContext& ctx, TSNode instruction);

}  // namespace whalesafe::rules
