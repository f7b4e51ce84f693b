#include "cli/commands.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <array>
#include <exception>
#include <iostream>
#include <ostream>

#include "cli/catalog_cache.h"
#include "cli/catalog_command.h"
#include "cli/check_command.h"
#include "cli/parse_command.h"
#include "cli/resolve_command.h"
#include "cli/rule_command.h"
#include "lsp/lsp_command.h"
#include "tree_sitter_bash.h"
#include "whalesafe/version.h"

namespace whalesafe::cli {
namespace {

constexpr std::array kCommands{
    Command{"parse", "<Dockerfile>", "Parse a Dockerfile and print its syntax tree",
            &run_parse_command},
    Command{"check", "[<Dockerfile>...]", "Report problems found in Dockerfiles",
            &run_check_command},
    Command{"fix", "[<Dockerfile>...]", "Same as --fix", &run_fix_command},
    Command{"--fix", "[<Dockerfile>...]", "Apply the automatic fixes to Dockerfiles in place",
            &run_fix_command},
    Command{"lsp", "[--stdio] [--listen [HOST:]PORT] [--log-file PATH]",
            "Run the language server (LSP over stdin/stdout)", &lsp::run_lsp_command},
    Command{"rule", "[<rule-id>]", "Explain one rule, or list them all", &run_rule_command},
    Command{"catalog", "[update | IMAGE[:TAG]...]",
            "Show the image catalog in use, refresh it (update), or look images up",
            &run_catalog_command},
    Command{"resolve", "[--offline] <image>...", "Pin image references by digest (registry API v2)",
            &run_resolve_command},
};

bool is_help(std::string_view arg) { return arg == "--help" || arg == "-h" || arg == "help"; }

bool is_version(std::string_view arg) {
  return arg == "--version" || arg == "-V" || arg == "version";
}

int print_command_help(std::string_view name) {
  const Command* command = find_command(name);
  if (command == nullptr) {
    std::cerr << "whalesafe: unknown command '" << name << "'\n"
              << "Run 'whalesafe --help' for the list of commands.\n";
    return kExitUsage;
  }
  std::cout << "usage: whalesafe " << command->name;
  if (!command->arguments.empty()) std::cout << ' ' << command->arguments;
  std::cout << "\n\n" << command->summary << ".\n";
  if (command->run == nullptr) std::cout << "(not implemented yet)\n";
  return kExitOk;
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    print_usage(std::cerr);
    return kExitUsage;
  }
  const std::string& name = args.front();
  if (is_help(name)) {
    if (args.size() >= 2) return print_command_help(args[1]);
    print_usage(std::cout);
    return kExitOk;
  }
  if (is_version(name)) {
    print_version(std::cout);
    return kExitOk;
  }
  const Command* command = find_command(name);
  if (command == nullptr) {
    std::cerr << "whalesafe: unknown command '" << name << "'\n"
              << "Run 'whalesafe --help' for usage.\n";
    return kExitUsage;
  }
  if (command->run == nullptr) {
    std::cerr << "whalesafe: '" << command->name << "' is not implemented yet\n";
    return kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  return command->run(rest);
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(std::string_view name) {
  const auto it = std::find_if(kCommands.begin(), kCommands.end(),
                               [name](const Command& c) { return c.name == name; });
  return it == kCommands.end() ? nullptr : &*it;
}

void print_usage(std::ostream& out) {
  out << "whalesafe " WHALESAFE_VERSION " - Dockerfile language server and auto-fixer\n"
      << "\n"
      << "usage: whalesafe <command> [<args>...]\n"
      << "\n"
      << "commands:\n";
  std::size_t width = 0;
  for (const Command& c : kCommands) {
    width = std::max(width, c.name.size() + 1 + c.arguments.size());
  }
  for (const Command& c : kCommands) {
    std::string synopsis(c.name);
    if (!c.arguments.empty()) synopsis.append(" ").append(c.arguments);
    out << "  " << synopsis << std::string(width - synopsis.size() + 2, ' ') << c.summary
        << (c.run == nullptr ? " (not implemented yet)" : "") << '\n';
  }
  out << "\n"
      << "options:\n"
      << "  -h, --help, help [<command>]  Show this help, or a command's help\n"
      << "  -V, --version                 Show version information\n"
      << "\n"
      << "exit status: 0 success, 1 failure or problems found, 2 usage error, 3 internal error\n";
}

void print_version(std::ostream& out) {
  out << "whalesafe " WHALESAFE_VERSION "\n"
      << "tree-sitter ABI " << TREE_SITTER_LANGUAGE_VERSION << '\n'
      << "tree-sitter-bash " TS_BASH_VERSION " (language ABI "
      << ts_language_version(tree_sitter_bash()) << ")\n";
  print_catalog_version(out);
}

int run(const std::vector<std::string>& args) {
  try {
    return dispatch(args);
  } catch (const std::exception& e) {
    std::cerr << "whalesafe: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "whalesafe: internal error\n";
  }
  return kExitInternal;
}

}  // namespace whalesafe::cli
