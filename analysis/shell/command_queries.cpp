#include "shell/command_queries.h"

#include <algorithm>

namespace whalesafe::shell {
namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), s) != options.end();
}

// Skips the options of a wrapper starting at words[i]; `with_value` lists the short options
// that take the next word as their value. Returns the index of the first non-option word.
std::size_t skip_options(const std::vector<const Word*>& words, std::size_t i,
                         std::initializer_list<std::string_view> with_value) {
  while (i < words.size()) {
    const std::string& w = words[i]->text();
    if (w == "--") return i + 1;
    if (w.size() < 2 || w[0] != '-') return i;
    // A value-taking option written alone (`-u root`) consumes the next word.
    const bool takes_value = one_of(w, with_value) && w.find('=') == std::string::npos;
    i += takes_value ? 2 : 1;
  }
  return i;
}

}  // namespace

std::string_view program_name(const Word& word) {
  const std::string_view text = word.text();
  const std::size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? text : text.substr(slash + 1);
}

namespace {

// The index (name first, then args) of the program `command` runs once wrapper prefixes are
// skipped, Command::kNoProgram when there is none; the wrappers' names go to `wrappers` when
// given.
int32_t find_program(const Command& command, std::vector<std::string>* wrappers) {
  if (!command.name) return Command::kNoProgram;
  std::vector<const Word*> words;
  words.reserve(1 + command.args.size());
  words.push_back(&*command.name);
  for (const Word& w : command.args) words.push_back(&w);
  std::size_t i = 0;
  while (i < words.size()) {
    const std::string_view name = program_name(*words[i]);
    std::size_t next = i;
    if (name == "sudo") {
      next = skip_options(words, i + 1,
                          {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R"});
    } else if (name == "doas") {
      next = skip_options(words, i + 1, {"-u", "-C"});
    } else if (name == "env") {
      next = skip_options(words, i + 1, {"-u", "-C", "-S", "--unset", "--chdir"});
      while (next < words.size() && words[next]->text().find('=') != std::string::npos &&
             !words[next]->text().starts_with('=')) {
        ++next;
      }
    } else if (name == "command" || name == "nohup" || name == "time") {
      next = skip_options(words, i + 1, {});
    } else if (name == "exec") {
      next = skip_options(words, i + 1, {"-a"});
    } else if (name == "nice") {
      next = skip_options(words, i + 1, {"-n"});
    } else {
      break;
    }
    if (wrappers != nullptr) wrappers->emplace_back(name);
    i = next;
  }
  return i >= words.size() ? Command::kNoProgram : static_cast<int32_t>(i);
}

}  // namespace

int32_t program_index(const Command& command) { return find_program(command, nullptr); }

std::optional<EffectiveCommand> effective_command(const Command& command) {
  const int32_t at = command.program_index != Command::kProgramNotComputed
                         ? command.program_index
                         : find_program(command, nullptr);
  if (at < 0 || !command.name) return std::nullopt;
  EffectiveCommand out;
  out.words.reserve(1 + command.args.size() - static_cast<std::size_t>(at));
  if (at == 0) out.words.push_back(&*command.name);
  for (std::size_t i = at == 0 ? 0 : static_cast<std::size_t>(at) - 1; i < command.args.size();
       ++i) {
    out.words.push_back(&command.args[i]);
  }
  return out;
}

std::vector<std::string> wrapper_names(const Command& command) {
  std::vector<std::string> names;
  find_program(command, &names);
  return names;
}

int pipefail_change(const Command& command) {
  const std::optional<EffectiveCommand> cmd = effective_command(command);
  if (!cmd || program_name(cmd->program()) != "set") return 0;
  int change = 0;
  // `set -o pipefail`, `set -eo pipefail`, `set -o errexit -o pipefail`: an option word whose
  // last letter is `o` takes the next word as an option name.
  for (std::size_t i = 1; i + 1 < cmd->size(); ++i) {
    const std::string& w = cmd->words[i]->text();
    if (w.size() < 2 || (w[0] != '-' && w[0] != '+') || w.back() != 'o' || w[1] == '-') {
      continue;
    }
    if (cmd->words[i + 1]->text() == "pipefail") change = w[0] == '-' ? 1 : -1;
  }
  return change;
}

bool pipefail_in_effect(const Script& script, std::size_t index, bool initially) {
  bool on = initially;
  for (std::size_t i = 0; i < index && i < script.commands.size(); ++i) {
    const Command& c = script.commands[i];
    if (c.in_subshell || c.in_substitution || c.in_function) continue;
    const int change = pipefail_change(c);
    if (change != 0) on = change > 0;
  }
  return on;
}

}  // namespace whalesafe::shell
