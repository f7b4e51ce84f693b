// json-args-recommended: CMD and ENTRYPOINT in shell form (`CMD python app.py`), which runs the
// program under `/bin/sh -c`, so it is not PID 1 and never sees SIGTERM.
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "rules/base_image.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

// Splits `command` into words when it is a plain word list (letters, digits and a few
// punctuation characters only): no quotes, escapes, variables, globs, redirections or operators
// whose meaning the shell would change. nullopt otherwise.
std::optional<std::vector<std::string>> plain_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  for (char c : command) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) ||
                       std::string_view("-_./:=,+@%").find(c) != std::string_view::npos;
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else if (plain) {
      word += c;
    } else {
      return std::nullopt;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  // `exec prog args` is the shell idiom for the same thing the exec form does; `exec` is a
  // shell builtin, not a program, so it is dropped.
  if (!words.empty() && words.front() == "exec") words.erase(words.begin());
  if (words.empty()) return std::nullopt;
  return words;
}

void check_stage(const RuleContext& ctx, const std::vector<TSNode>& body, Reporter& reporter) {
  for (TSNode i : body) {
    // After an explicit SHELL the author chose the shell on purpose (BuildKit agrees).
    if (is_type(i, "shell_instruction")) return;
    if (!is_type(i, "cmd_instruction") && !is_type(i, "entrypoint_instruction")) continue;
    const TSNode command = field(i, "command");
    if (!is_type(command, "shell_command")) continue;
    const std::string name = instruction_name(i);
    std::optional<findings::Fix> fix;
    const std::string_view text = ctx.text(command);
    if (text.find('\n') == std::string_view::npos && !contains_expansion(command)) {
      if (std::optional<std::vector<std::string>> words = plain_words(text)) {
        fix = findings::Fix{fmt::format("Write {} in exec form", name),
                            findings::Applicability::kUnsafe,
                            {replace(command, nlohmann::json(*words).dump())}};
        // nlohmann prints ["a","b"]; a space after each comma reads like hand-written JSON.
        std::string& json = fix->edits.front().new_text;
        for (std::size_t at = json.find("\",\""); at != std::string::npos;
             at = json.find("\",\"", at + 3)) {
          json.insert(at + 2, " ");
        }
      }
    }
    reporter.report(command,
                    fmt::format("{} in shell form runs under /bin/sh -c and does not receive "
                                "stop signals; use the JSON exec form",
                                name),
                    std::move(fix));
  }
}

bool sets_shell(const SyntaxStage& stage) {
  for (TSNode i : stage.body) {
    if (is_type(i, "shell_instruction")) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    // A SHELL set in a stage this one is built FROM is inherited with the image config.
    bool inherited = false;
    for (const SyntaxStage* p = parent_stage(ctx, stage); p != nullptr && !inherited;
         p = parent_stage(ctx, *p)) {
      inherited = sets_shell(*p);
    }
    if (!inherited) check_stage(ctx, stage.body, reporter);
  }
}

}  // namespace

const Rule& rule_json_args_recommended() {
  static const Rule rule{
      {.slug = "json-args-recommended",
       .summary = "Use the JSON exec form for CMD and ENTRYPOINT",
       .severity = Severity::kWarning,
       .aliases = {"DL3025", "JSONArgsRecommended"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports `CMD` and `ENTRYPOINT` written in shell form, unless a "
                       "`SHELL` is in force: set earlier in the stage, or in a stage it is "
                       "built `FROM`. (A `SHELL` recorded in an external base image cannot be "
                       "seen here.)",
               .why = "The shell form runs the command as `/bin/sh -c \"...\"`: the shell is "
                      "PID 1, so `docker stop` sends SIGTERM to the shell, which does not "
                      "forward it; the program is killed after the timeout instead of shutting "
                      "down cleanly. An `ENTRYPOINT` in shell form also ignores `CMD` and "
                      "`docker run` arguments.",
               .example = "FROM python:3.12-slim\nCMD python app.py --port 8000\n",
               .instead = "FROM python:3.12-slim\nCMD [\"python\", \"app.py\", \"--port\", "
                          "\"8000\"]\n",
               .fix = "Rewrites a one-line command made only of plain words (no quotes, "
                      "variables, globs, pipes or redirections) as a JSON array, dropping a "
                      "leading `exec`. Unsafe: the "
                      "program no longer runs under a shell, which is the point, but changes "
                      "how it receives signals and its environment."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
