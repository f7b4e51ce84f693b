// chpasswd-usage: RUN steps that set (or empty) account passwords in the image: chpasswd,
// passwd fed from the build (`--stdin`, a pipe, a redirection), `passwd -d`, and
// `usermod`/`useradd -p`.
#include <fmt/format.h>

#include "rules/run_commands.h"

namespace whalesafe::rules {
namespace {

// `-p '*'`, `-p '!'`: hashes no password matches, i.e. a locked account. Not a password.
bool is_locked_hash(std::string_view hash) {
  return hash == "*" || hash == "!" || hash == "!!" || hash == "!*" || hash == "x";
}

// The value of usermod/useradd's password option, if present: `-p X`, `-pX`, `--password X`,
// `--password=X`. Returns the word holding the option.
const shell::Word* password_option(const RunCommand& rc, std::string* value) {
  const std::vector<const shell::Word*> args = rc.arguments();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i]->text();
    if (a == "--") break;
    if (a == "-p" || a == "--password") {
      if (i + 1 >= args.size()) return nullptr;
      *value = args[i + 1]->is_static() ? args[i + 1]->text() : "";
      return args[i];
    }
    if (a.starts_with("--password=")) {
      *value = args[i]->is_static() ? a.substr(11) : "";
      return args[i];
    }
    if (a.starts_with("-p") && a.size() > 2 && !a.starts_with("--")) {
      *value = args[i]->is_static() ? a.substr(2) : "";
      return args[i];
    }
  }
  return nullptr;
}

bool has_arg(const RunCommand& rc, std::initializer_list<std::string_view> options) {
  for (const shell::Word* w : rc.arguments()) {
    for (std::string_view o : options) {
      if (w->text() == o) return true;
    }
  }
  return false;
}

// What the command does to passwords, or "" when it sets none.
std::string finding(const RunCommand& rc) {
  if (rc.program == "chpasswd" || rc.program == "chgpasswd") {
    return fmt::format("{} sets passwords in the image", rc.program);
  }
  if (rc.program == "passwd") {
    if (has_arg(rc, {"-d", "--delete"})) {
      return "passwd -d empties the password: the account then logs in without one";
    }
    if (has_arg(rc, {"--stdin"}) || reads_stdin_from_script(*rc.command)) {
      return "passwd fed from the build sets a password in the image";
    }
    return "";
  }
  if (rc.program == "usermod" || rc.program == "useradd" || rc.program == "adduser") {
    std::string value;
    if (password_option(rc, &value) == nullptr || is_locked_hash(value)) return "";
    return fmt::format("{} -p sets a password hash in the image", rc.program);
  }
  return "";
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunCommand& rc : run_commands(ctx)) {
    const std::string what = finding(rc);
    if (what.empty()) continue;
    const shell::MappedRange& at = rc.program_word().doc;
    reporter.report(at.covering.start, at.covering.end,
                    fmt::format("{}: anyone with the image can read its hash, and the build "
                                "history may show the password; leave accounts without a "
                                "password and pass credentials at run time",
                                what));
  }
}

}  // namespace

const Rule& rule_chpasswd_usage() {
  static const Rule rule{
      {.slug = "chpasswd-usage",
       .summary = "Do not set passwords in the image",
       .severity = Severity::kWarning,
       .aliases = {"CKV2_DOCKER_17"},
       .doc = {.what = "Reports RUN steps (shell form, heredoc scripts, `ONBUILD RUN`, behind "
                       "`sudo`) that set or remove account passwords: `chpasswd` and "
                       "`chgpasswd`; `passwd` given the password by the build (`--stdin`, a "
                       "pipe such as `echo pw | passwd`, a redirection or heredoc); `passwd -d`, "
                       "which empties a password; `usermod`, `useradd` or `adduser` with `-p` / "
                       "`--password`. Locking hashes (`-p '*'`, `-p '!'`) and other `passwd` "
                       "options (`-l` to lock, `-e` to expire) are not reported, nor is "
                       "`openssl passwd`, which only computes a hash.",
               .why = "A password set at build time is the same in every container of the "
                      "image and cannot be rotated without a rebuild. Its hash ships in "
                      "`/etc/shadow` for anyone who pulls the image to crack offline, and the "
                      "clear-text password usually stays in the image history (`docker history` "
                      "shows the RUN line) and in the Dockerfile. An emptied password lets "
                      "anyone log in. Containers need no login passwords: run as a user without "
                      "one, and give services their credentials at run time (secrets, "
                      "environment of the orchestrator).",
               .example = "FROM debian:bookworm-slim\nRUN useradd --no-log-init -r app && echo "
                          "'app:s3cret' | chpasswd\nUSER app\n",
               .instead = "FROM debian:bookworm-slim\nRUN useradd --no-log-init -r app\n"
                          "USER app\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
