#include "rules/download_execution.h"

#include <string_view>

#include "shell/command_queries.h"
#include "shell/shell_source.h"

namespace whalesafe::rules {
namespace {

bool is_interpreter(std::string_view p) {
  if (p.starts_with("python") || p.starts_with("pypy")) {
    return p.find_first_not_of("pythonpy0123456789.") == std::string_view::npos;
  }
  return p == "perl" || p == "ruby" || p == "node" || p == "nodejs" || p == "php";
}

// A shell or interpreter that reads its program from standard input: no script file operand
// and no -c/-e program, or `-` / `-s` for stdin.
bool reads_program_from_stdin(const shell::EffectiveCommand& c) {
  const std::string_view p = shell::program_name(c.program());
  const bool shell = shell::is_shell_program(p);
  if (!shell && !is_interpreter(p)) return false;
  for (std::size_t i = 1; i < c.size(); ++i) {
    const std::string& a = c.words[i]->text();
    if (a == "-" || a == "-s" || a == "--" || a == "/dev/stdin" || a == "/dev/fd/0") return true;
    if (a.size() > 1 && a[0] == '-') {
      // -c (sh, python), -e (perl, ruby, node): the program is that argument, stdin is data.
      if (a[1] != '-' &&
          (a.find('c') != std::string::npos || (!shell && a.find('e') != std::string::npos))) {
        return false;
      }
      if (a == "-m" || a == "--eval" || a == "--command") return false;
      if (shell && (a == "-o" || a == "+o")) ++i;  // -o pipefail
      continue;
    }
    return false;  // a script file: stdin is its data
  }
  return true;
}

// A program that runs the substitution at `inner` as code: `eval "$(...)"`, `source <(...)`,
// a shell or interpreter given it as its program (`sh -c "$(...)"`, `python3 -c "$(...)"`) or
// as its script file (`bash <(...)`).
bool runs_substitution(const shell::EffectiveCommand& c, const shell::ByteRange& inner) {
  const std::string_view p = shell::program_name(c.program());
  if (p == "eval") return true;
  const bool shell = shell::is_shell_program(p);
  if (!shell && !is_interpreter(p) && p != "source" && p != ".") return false;
  bool program_option = false;
  for (std::size_t i = 1; i < c.size(); ++i) {
    const shell::Word& w = *c.words[i];
    if (w.range.contains(inner)) {
      return program_option || w.raw.starts_with("<(") || p == "source" || p == ".";
    }
    const std::string& a = w.text();
    program_option =
        a.size() > 1 && a[0] == '-' && a[1] != '-' &&
        (a.find('c') != std::string::npos || (!shell && a.find('e') != std::string::npos));
  }
  return false;
}

}  // namespace

bool writes_to_stdout(const shell::Invocation& download) {
  if (download.output) {
    const std::string& o = download.output->text;
    return o == "-" || o == "/dev/stdout";
  }
  if (download.manager == shell::Manager::kWget) return false;  // wget saves a file by default
  return !download.has_flag("remote-name") && !download.has_flag("output-dir");
}

std::optional<DownloadExecution> executed_download(const shell::Script& script,
                                                   const shell::Invocation& download) {
  if (!writes_to_stdout(download)) return std::nullopt;
  const shell::Command& c = script.commands[download.command_index];
  if (c.pipeline >= 0) {
    for (std::size_t j = download.command_index + 1; j < script.commands.size(); ++j) {
      const shell::Command& next = script.commands[j];
      if (next.pipeline != c.pipeline || next.pipe_stage <= c.pipe_stage) continue;
      const std::optional<shell::EffectiveCommand> e = shell::effective_command(next);
      if (e && reads_program_from_stdin(*e)) return DownloadExecution{j, &e->program()};
    }
  }
  if (c.in_substitution) {
    // The command holding the substitution: the nearest earlier command around this one.
    for (std::size_t j = download.command_index; j-- > 0;) {
      const shell::Command& outer = script.commands[j];
      if (!outer.range.contains(c.range)) continue;
      const std::optional<shell::EffectiveCommand> e = shell::effective_command(outer);
      if (e && runs_substitution(*e, c.range)) return DownloadExecution{j, &e->program()};
      break;
    }
  }
  return std::nullopt;
}

}  // namespace whalesafe::rules
