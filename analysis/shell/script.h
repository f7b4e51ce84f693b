// A shell script as data for rules: its simple commands in source order with their words,
// redirections and assignments, and how they are connected. Built from tree-sitter-bash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shell/ranges.h"

namespace whalesafe::shell {

// One shell word (command name, argument, assignment value or redirect target).
struct Word {
  std::string raw;                   // the shell text, quotes and all
  std::optional<std::string> value;  // after quote removal, when static (no expansion)
  ByteRange range;                   // in the shell text
  MappedRange doc;                   // in the Dockerfile (filled by shell_analysis)
  bool is_static() const { return value.has_value(); }
  // The static value, or the raw text for a dynamic word.
  const std::string& text() const { return value ? *value : raw; }
};

// `A=b` before a command, alone, or in `export A=b`.
struct Assignment {
  std::string name;
  std::optional<Word> value;  // none for `export A` / `A=`
  ByteRange range;
  MappedRange doc;
};

struct Redirect {
  std::string op;                      // ">", ">>", "2>&1"'s ">&", "<<", "<<-", "<<<", ...
  std::optional<uint32_t> descriptor;  // the number before the operator
  std::optional<Word> target;          // file, descriptor or here-string word
  bool heredoc = false;                // `<<EOF` / `<<-EOF`
  ByteRange heredoc_body;              // heredoc: the body's shell range (empty when none)
  ByteRange range;
  MappedRange doc;
};

// How a command is joined to the command before it in Script::commands.
enum class Connector {
  kNone,      // the first command, or the first of a nested group/substitution
  kSequence,  // `;`, a line feed, or after a `&` background job
  kAnd,       // `&&`
  kOr,        // `||`
  kPipe,      // `|` or `|&`
};

struct Command {
  std::optional<Word> name;  // none for a bare assignment such as `A=1`
  std::vector<Word> args;
  std::vector<Assignment> assignments;  // prefix assignments, or those of export/declare/...
  std::vector<Redirect> redirects;      // own ones and those of an enclosing `{ }`/loop
  Connector connector = Connector::kNone;
  // Runs only on some condition: inside if/elif/else (condition included), loops, case
  // items and function bodies, or right of `||`.
  bool conditional = false;
  bool in_subshell = false;      // inside `( )`
  bool in_substitution = false;  // inside `$( )`, backticks or `<( )`
  bool in_function = false;      // inside a function body
  bool negated = false;          // `! cmd`
  bool background = false;       // ended by `&`
  int pipeline = -1;             // index in Script::pipelines, when part of one
  uint32_t pipe_stage = 0;       // 0-based position in that pipeline
  // The program past wrapper prefixes (command_queries.h): its index in name + args,
  // kNoProgram when there is none, kProgramNotComputed in a Command the builder did not make.
  static constexpr int32_t kNoProgram = -1;
  static constexpr int32_t kProgramNotComputed = -2;
  int32_t program_index = kProgramNotComputed;
  ByteRange range;
  MappedRange doc;
};

struct Pipeline {
  uint32_t stages = 0;
  ByteRange range;
};

struct Script {
  std::vector<Command> commands;  // simple commands in source order (pre-order)
  std::vector<Pipeline> pipelines;
  // tree-sitter-bash ERROR and MISSING nodes: the shell would likely reject the text.
  std::vector<ByteRange> errors;
  bool has_errors() const { return !errors.empty(); }
};

}  // namespace whalesafe::shell
