#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::cli {

// Process exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the command ran and failed (or found problems)
inline constexpr int kExitUsage = 2;     // bad usage, unknown or not-yet-implemented command
inline constexpr int kExitInternal = 3;  // unexpected internal error (caught exception)

// A command's entry point; `args` are the arguments after the command name.
using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  std::string_view name;       // as typed on the command line, e.g. "parse" or "--fix"
  std::string_view arguments;  // argument synopsis for the usage text
  std::string_view summary;    // one-line description
  CommandFn run;               // nullptr: not implemented yet
};

// The command table, in the order shown by --help.
std::span<const Command> commands();

// The command called `name`, or nullptr.
const Command* find_command(std::string_view name);

void print_usage(std::ostream& out);
void print_version(std::ostream& out);

// Runs whalesafe with the given arguments (argv without the program name) and returns the
// process exit code. Writes to std::cout / std::cerr. Does not throw.
int run(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
