// Running the `shellcheck` program on shell scripts and reading its findings (`--format=json1`),
// for the shellcheck rule. Results are cached by dialect and script text for the life of the
// process, so an unchanged RUN body is checked once. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::rules::shellcheck {

// One ShellCheck comment. Lines and columns are 1-based, columns count characters (json1
// counts a tab as one column); the end column is exclusive.
struct Comment {
  int code = 0;       // 2086 for SC2086
  std::string level;  // "error", "warning", "info", "style"
  std::string message;
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t end_line = 1;
  uint32_t end_column = 1;
};

// The dialects ShellCheck accepts (`--shell`).
enum class Dialect { kSh, kBash, kDash, kKsh };
std::string_view dialect_name(Dialect dialect);
// The dialect for a shell program (`/bin/bash` -> bash, `ash`/`busybox` -> sh, `mksh` -> ksh);
// nullopt for anything ShellCheck cannot check (PowerShell, cmd, zsh, python...).
std::optional<Dialect> dialect_of_program(std::string_view program);

// True for a ShellCheck code as written in a suppression or a configuration: "SC2086", "sc1000".
bool is_code(std::string_view name);

// The `shellcheck` executable found on PATH (looked up once per process), or nullopt.
const std::optional<std::string>& program();

// The findings for each script, in order; nullopt when the program is missing or failed.
// Scripts already checked (same dialect and text) are served from the cache; the others are
// checked by one run of the program.
std::optional<std::vector<std::vector<Comment>>> check_scripts(
    const std::vector<std::string>& scripts, Dialect dialect);

// The cached findings of each script, in order, without running anything: nullopt for a script
// not checked yet (or when the program is missing).
std::vector<std::optional<std::vector<Comment>>> cached_results(
    const std::vector<std::string>& scripts, Dialect dialect);

// Deferred mode, for the language server, which must not wait for the program: while a
// DeferralScope is alive on a thread, the shellcheck rule run on that thread reports only the
// findings already in the cache and hands the missing scripts to the Deferral; the caller runs
// them (check_scripts, on another thread) and analyses again. Without a scope (the CLI) the rule
// runs the program and waits, as always. (A thread's scope rather than a RuleSettings field:
// the mode belongs to the caller's thread, and it keeps the rules' shared headers unchanged.)
class Deferral {
 public:
  virtual ~Deferral() = default;
  // `scripts` (of `dialect`) are not in the cache: their findings are missing from this
  // analysis. Called at most once per dialect per check_document().
  virtual void missing(Dialect dialect, std::vector<std::string> scripts) = 0;
  // Set when the current check_document() left scripts unchecked: ShellCheck's findings are
  // incomplete, so no suppression of an SCxxxx code can be judged unused (runner.cpp).
  bool pending = false;
};
class DeferralScope {
 public:
  explicit DeferralScope(Deferral& deferral);
  ~DeferralScope();
  DeferralScope(const DeferralScope&) = delete;
  DeferralScope& operator=(const DeferralScope&) = delete;

 private:
  Deferral* previous_;
};
// The innermost scope's Deferral on this thread, or null.
Deferral* active_deferral();

// Parses json1 output: the comments of each file, by the file name as given.
std::optional<std::vector<std::pair<std::string, Comment>>> parse_json1(std::string_view json);

}  // namespace whalesafe::rules::shellcheck
