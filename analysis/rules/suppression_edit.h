// The edit that silences one finding where it is, for editors' "ignore this" actions:
// `# whalesafe ignore=<rule>` on its own line above the instruction holding the finding, or the
// rule added to such a comment when the instruction already has one.
#pragma once

#include <optional>

#include "findings/diagnostic.h"
#include "syntax/document.h"

namespace whalesafe::rules {

// nullopt when the finding is not inside an instruction (a comment, a directive): a global
// suppression is a decision about the whole file, left to the user.
std::optional<findings::Fix> suppression_fix(const syntax::Document& document,
                                             const findings::Diagnostic& diagnostic);

}  // namespace whalesafe::rules
