// The edit that deletes an option (and its value) from a RUN, for the fixes that turn
// verification back on: one letter of a cluster (`-fsSLk` -> `-fsSL`), or the whole word with
// the blanks before it (or its whole line when it stands alone on a continued line).
#pragma once

#include <optional>
#include <string_view>

#include "findings/diagnostic.h"
#include "shell/invocations.h"

namespace whalesafe::rules {

// `doc_text` is the Dockerfile. nullopt when the option is not plain text on one line (quoted,
// split by a continuation, or with its value on another line).
std::optional<findings::TextEdit> flag_removal(std::string_view doc_text, const shell::Flag& flag,
                                               char escape);

// The same for a whole word that is an option with no value (`--nosignature`).
std::optional<findings::TextEdit> word_removal(std::string_view doc_text,
                                               const shell::MappedRange& word, char escape);

}  // namespace whalesafe::rules
