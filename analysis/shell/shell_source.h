// The shell scripts a Dockerfile hands to a shell, extracted with a map back to the file.
//
// - kCommandLine: the shell form of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD, as BuildKit
//   passes it to `/bin/sh -c`: line continuations removed (escape character + line ending,
//   with the comment and blank lines BuildKit skips inside them), indentation kept. When a RUN
//   line has heredocs, BuildKit appends each body and terminator after a line feed so the shell
//   reads real heredocs; the text here does the same. One departure: heredoc markers that
//   start the line (`RUN <<EOF bash -e`) are moved behind the first command's words
//   (`bash -e <<EOF`), which means the same to the shell, because tree-sitter-bash cannot
//   parse a redirection before the command name. The map follows the moved bytes.
// - kHeredocScript: a heredoc body the shell runs as a script. `RUN <<EOF` alone runs the body
//   with the shell (`<<-` strips leading tabs first), or with its `#!` interpreter when it has
//   one (a script only when that interpreter is a POSIX-like shell). Bodies fed to a shell on
//   stdin (`RUN bash <<EOF`) are found after parsing: see shell_analysis.h.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/source_map.h"
#include "syntax/document.h"
#include "syntax/heredocs.h"

namespace whalesafe::shell {

enum class SourceKind { kCommandLine, kHeredocScript };

struct ShellSource {
  SourceKind kind = SourceKind::kCommandLine;
  TSNode instruction{};  // RUN/CMD/ENTRYPOINT/HEALTHCHECK (the wrapped one under ONBUILD)
  std::string keyword;   // upper case: "RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"
  bool onbuild = false;  // the instruction is wrapped in ONBUILD
  std::string text;      // what the shell reads
  SourceMap map;         // text offsets -> Dockerfile offsets
  // kHeredocScript: the heredoc (index in syntax::heredocs_of order) and, when the body
  // starts with `#!`, that line's interpreter (e.g. "/bin/bash -e").
  std::optional<std::size_t> heredoc_index;
  std::string interpreter;
};

// True for `sh`, `bash`, `dash`, `ash`, `ksh`, `mksh`, `zsh`, `busybox` (by base name, so
// `/bin/bash` too): programs that read a POSIX-like shell script.
bool is_shell_program(std::string_view program);

// The program an interpreter line names: its first word, or the word after `env` (and env's
// options), e.g. "/usr/bin/env -S bash -e" -> "bash". Empty when there is none.
std::string interpreter_program(std::string_view interpreter_line);

// The shell sources of one instruction node (nothing for exec/JSON form, for other
// instructions, or for `HEALTHCHECK NONE`). The escape character in force needs no argument:
// the grammar already marks the line continuations it makes.
std::vector<ShellSource> extract_shell_sources(const syntax::Document& doc, TSNode instruction);

// The shell sources of every instruction of the document, in source order (ONBUILD included).
std::vector<ShellSource> extract_shell_sources(const syntax::Document& doc);

// A heredoc body as the shell reads it: `content_start` is the Dockerfile offset of
// `content`; with `strip_tabs` (`<<-`) leading tabs of each line are removed.
ShellSource heredoc_script(std::string_view content, uint32_t content_start, bool strip_tabs);

}  // namespace whalesafe::shell
