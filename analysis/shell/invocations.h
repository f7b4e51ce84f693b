// Package-manager and download invocations recognized in a Script, as data: which tool,
// which action, which packages (with versions), which flags (with ranges), which URLs.
// The tools and their options are described by tables (package_specs.cpp); one generic
// reader (invocations.cpp) applies them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/script.h"
#include "shell/source_map.h"

namespace whalesafe::shell {

enum class Manager {
  kAptGet,
  kApt,
  kApk,
  kYum,
  kDnf,
  kMicrodnf,
  kZypper,
  kRpm,  // system packages
  kPip,
  kUvPip,
  kNpm,
  kYarn,
  kPnpm,
  kGem,
  kGo,
  kCargo,  // language packages
  kCurl,
  kWget,  // downloads
};

// "apt-get", "pip", "uv pip", "curl", ...
std::string_view manager_name(Manager manager);

// A slice of a word: the whole word, or part of it when the word is plain unquoted text.
struct Span {
  std::string text;
  ByteRange range;  // shell text
  MappedRange doc;  // Dockerfile
};

struct Flag {
  std::string spelling;   // as written, one option of a cluster: "-y", "--yes", "-k"
  std::string canonical;  // the table's name for it ("yes", "insecure"), else the spelling
  std::optional<std::string> value;  // `--opt=value`, `-o value`, `-ovalue`
  Span span;                         // the option itself (inside a cluster: its letter)
  std::optional<Span> value_span;    // where the value is written
};

struct Package {
  std::string spec;                    // the whole word: "curl=7.88.1-10", "flask==2.0"
  std::string name;                    // "curl", "flask", "@scope/pkg", "golang.org/x/tools/gopls"
  std::optional<std::string> version;  // "7.88.1-10", "2.0", "latest"; none when unpinned
  std::string version_operator;        // "=", "==", ">=", "@", "-", ":", or "--version"/"-v"
  Span span;                           // the word
  std::optional<Span> version_span;    // the version text, when inside the word
};

struct Invocation {
  Manager manager = Manager::kAptGet;
  std::string action;  // "install", "update", "add", ...; empty when none (curl/wget)
  // Where the action is written: the action word, or the mode option that names it (rpm
  // `-i`, `-U`: the letter inside a cluster such as `-Uvh`).
  std::optional<Span> action_span;
  std::vector<Package> packages;
  std::vector<Flag> flags;
  std::vector<Span> operands;         // positional words that are not packages (e.g. `clean all`)
  std::size_t command_index = 0;      // in Script::commands
  std::vector<std::string> wrappers;  // "sudo", "env", ... skipped before the program
  // Downloads (curl/wget), and operands that are URLs (rpm packages, zypper addrepo):
  std::vector<Span> urls;
  std::optional<Span> output;   // -o/--output, -O/--output-document (wget); "-" is stdout
  bool piped_to_shell = false;  // `curl ... | sh`: a later stage of the pipeline is a shell
  std::optional<std::size_t> shell_command_index;

  // The first flag with this canonical name (or spelling), if present.
  const Flag* flag(std::string_view canonical) const;
  bool has_flag(std::string_view canonical) const { return flag(canonical) != nullptr; }
};

// Every recognized invocation of `script`, in command order. `map` is the source map of the
// text the script was parsed from (for the ranges of slices of words).
std::vector<Invocation> recognize_invocations(const Script& script, const SourceMap& map);

// The invocation Script::commands[index] makes, if it is one.
std::optional<Invocation> recognize_invocation(const Script& script, std::size_t index,
                                               const SourceMap& map);

}  // namespace whalesafe::shell
