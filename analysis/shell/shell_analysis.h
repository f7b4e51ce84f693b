// The shell of a Dockerfile, parsed and mapped: for each instruction, its shell sources
// (shell_source.h) parsed through a ParseCache, with every range of the Script mapped back
// to the Dockerfile. Heredoc bodies fed to a shell on stdin (`RUN bash <<EOF`, `RUN <<EOF
// sh -e`, also through `sudo`/`env`) become heredoc scripts of their own.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "shell/invocations.h"
#include "shell/parse_cache.h"
#include "shell/script.h"
#include "shell/shell_source.h"
#include "syntax/document.h"

namespace whalesafe::shell {

struct AnalyzedShell {
  ShellSource source;
  std::shared_ptr<const ParsedShell> parsed;  // shared with the cache
  Script script;                              // parsed->script() with Dockerfile ranges
  // recognize_invocations(script, source.map), when an earlier analysis of the same
  // instruction computed it: a ShellMemo keeps it with the shell (shifted like the script),
  // so that an unchanged RUN's package-manager calls are not recognized again after an edit.
  std::optional<std::vector<Invocation>> invocations;
};

std::vector<AnalyzedShell> analyze_instruction(const syntax::Document& doc, TSNode instruction,
                                               ParseCache& cache);
std::vector<AnalyzedShell> analyze_document(const syntax::Document& doc, ParseCache& cache);

// Fills every `doc` range of `script` from `map`.
void map_script(Script& script, const SourceMap& map);

}  // namespace whalesafe::shell
