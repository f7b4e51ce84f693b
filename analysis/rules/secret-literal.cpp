// secret-literal: credential-shaped text anywhere in the Dockerfile (cloud keys, tokens with
// known prefixes, private-key blocks, `user:password@` in URLs) and passwords given on a
// command line (`--password x`, `mysql -psecret`, `curl -u user:pass`). The range is the
// secret only, and messages never show it whole.
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rewrites/rewrite.h"
#include "rewrites/secrets_fix_doc.h"
#include "rules/credential_names.h"
#include "rules/credential_tokens.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/command_queries.h"
#include "syntax/string_hash.h"

namespace whalesafe::rules {
namespace {

struct Range {
  uint32_t start = 0;
  uint32_t end = 0;
};

bool overlaps(const std::vector<Range>& taken, Range r) {
  return std::any_of(taken.begin(), taken.end(),
                     [&](const Range& t) { return r.start < t.end && t.start < r.end; });
}

// ENV/ARG values that secret-in-env reports: left to it, so one secret is one finding.
std::vector<Range> secret_in_env_values(const RuleContext& ctx) {
  std::vector<Range> out;
  for (const model::InstructionInfo& info : ctx.model().instructions) {
    if (info.keyword != "env" && info.keyword != "arg") continue;
    for (const model::Declaration& d : info.declarations) {
      if (!d.written_value || !is_credential_name(d.variable.name)) continue;
      const model::Word& v = *d.written_value;
      if (v.expansion.uses.empty() && is_literal_credential_value(v.written) &&
          is_literal_credential_value(v.value())) {
        out.push_back({ts_node_start_byte(v.node), ts_node_end_byte(v.node)});
      }
    }
  }
  return out;
}

// A password a command line passes, when it is literal: not empty, not a variable.
bool literal_password(std::string_view value) {
  return !value.empty() && value.find('$') == std::string_view::npos &&
         value.find('`') == std::string_view::npos && !value.starts_with('<') &&
         !value.starts_with('-');
}

struct PasswordArg {
  std::size_t word = 0;    // index in the effective command's words
  std::size_t offset = 0;  // where the password starts in that word's raw text
  std::string_view what;   // for the message
};

bool mysql_client(std::string_view program) {
  return program == "mysql" || program == "mysqladmin" || program == "mysqldump" ||
         program == "mariadb" || program == "mariadb-admin" || program == "mariadb-dump" ||
         program == "mysqlimport" || program == "mysqlshow" || program == "mysqlcheck";
}

bool postgres_client(std::string_view program) {
  return program == "psql" || program == "pg_dump" || program == "pg_dumpall" ||
         program == "pg_restore" || program == "createdb" || program == "createuser" ||
         program == "dropdb" || program == "dropuser" || program == "pg_basebackup" ||
         program == "vacuumdb" || program == "reindexdb" || program == "clusterdb";
}

// The literal passwords of one command: `--password x`, `--password=x` (any program; also
// wget's --http-password and the like), `-p<pw>` (MySQL/MariaDB clients), `-u user:pw` /
// `--user user:pw` (curl).
std::vector<PasswordArg> password_args(const shell::EffectiveCommand& cmd) {
  std::vector<PasswordArg> out;
  const std::string_view program = shell::program_name(cmd.program());
  for (std::size_t i = 1; i < cmd.size(); ++i) {
    const shell::Word& w = *cmd.words[i];
    const std::string& raw = w.raw;
    if (raw == "--") break;
    const bool long_password = raw == "--password" || raw == "--passwd" ||
                               raw == "--http-password" || raw == "--ftp-password" ||
                               raw == "--proxy-password";
    // MySQL and PostgreSQL clients take `--password` alone (a prompt): the next word is not it.
    if (long_password && (mysql_client(program) || postgres_client(program))) continue;
    if (long_password && i + 1 < cmd.size()) {
      const shell::Word& next = *cmd.words[i + 1];
      if (next.is_static() && literal_password(next.raw) && literal_password(*next.value)) {
        out.push_back({i + 1, 0, "password argument"});
      }
      ++i;
      continue;
    }
    for (std::string_view prefix :
         {"--password=", "--passwd=", "--http-password=", "--ftp-password=", "--proxy-password="}) {
      if (raw.starts_with(prefix) &&
          literal_password(std::string_view(raw).substr(prefix.size()))) {
        out.push_back({i, prefix.size(), "password argument"});
      }
    }
    if (mysql_client(program) && raw.size() > 2 && raw.starts_with("-p") &&
        literal_password(std::string_view(raw).substr(2))) {
      out.push_back({i, 2, "password argument"});
    }
    // `docker login -p x` (also podman, buildah, skopeo): -p is the password there.
    const bool registry_login = (program == "docker" || program == "podman" ||
                                 program == "buildah" || program == "skopeo") &&
                                cmd.size() > 1 && cmd.words[1]->text() == "login";
    if (registry_login && raw == "-p" && i + 1 < cmd.size()) {
      const shell::Word& next = *cmd.words[i + 1];
      if (next.is_static() && literal_password(next.raw) && literal_password(*next.value)) {
        out.push_back({i + 1, 0, "password argument"});
      }
      ++i;
      continue;
    }
    if (program == "curl") {
      const bool user_flag = raw == "-u" || raw == "--user" || raw == "--proxy-user" || raw == "-U";
      std::size_t word = i;
      std::size_t offset = 0;
      if (user_flag && i + 1 < cmd.size()) {
        word = i + 1;
        ++i;
      } else if (raw.starts_with("-u") && raw.size() > 2) {
        offset = 2;
      } else if (raw.starts_with("--user=")) {
        offset = 7;
      } else {
        continue;
      }
      const shell::Word& value_word = *cmd.words[word];
      const std::string_view value = std::string_view(value_word.raw).substr(offset);
      const std::size_t colon = value.find(':');
      if (value_word.is_static() && colon != std::string_view::npos &&
          literal_password(value.substr(colon + 1)) && value.find('"') == std::string_view::npos &&
          value.find('\'') == std::string_view::npos) {
        out.push_back({word, offset + colon + 1, "password in curl --user"});
      }
    }
  }
  // `htpasswd -b[c] file user password`: the password is the last operand.
  if (program == "htpasswd" && cmd.size() >= 5) {
    bool batch = false;
    for (std::size_t i = 1; i < cmd.size(); ++i) {
      const std::string& a = cmd.words[i]->raw;
      if (a.size() > 1 && a[0] == '-' && a[1] != '-' && a.find('b') != std::string::npos) {
        batch = true;
      }
    }
    const shell::Word& last = *cmd.words.back();
    if (batch && last.is_static() && literal_password(last.raw) && literal_password(*last.value) &&
        !last.raw.starts_with('-')) {
      out.push_back({cmd.size() - 1, 0, "password argument"});
    }
  }
  return out;
}

// A secret in the value of an ENV or ARG can move to a build secret (move-secrets).
bool in_env_or_arg_value(const RuleContext& ctx, Range r) {
  const model::InstructionInfo* info = ctx.model().instruction_at(r.start);
  if (info == nullptr || (info->keyword != "env" && info->keyword != "arg")) return false;
  for (const model::Declaration& d : info->declarations) {
    if (d.written_value && ts_node_start_byte(d.written_value->node) <= r.start &&
        r.end <= ts_node_end_byte(d.written_value->node)) {
      return true;
    }
  }
  return false;
}

void report(const RuleContext& ctx, Reporter& reporter, std::vector<Range>& taken, Range r,
            std::string_view kind, std::string_view secret) {
  if (r.end <= r.start || overlaps(taken, r)) return;
  taken.push_back(r);
  std::string message = fmt::format(
      "{} '{}' written in the Dockerfile ends up in the image or its history and in version "
      "control; pass it as a build secret (RUN --mount=type=secret) and revoke this one",
      kind, redact(secret));
  std::optional<findings::Fix> fix;
  if (in_env_or_arg_value(ctx, r)) {
    rewrites::RewriteOutcome rewrite = rewrites::plan_move_secrets(ctx, r.start);
    if (!rewrite.fix) message += fmt::format(" (no automatic fix: {})", rewrite.why_not);
    fix = std::move(rewrite.fix);
  }
  reporter.report(r.start, r.end, std::move(message), std::move(fix));
}

// A literal password of a command line: its range in the shell text, without the quotes
// around the whole word.
struct FoundPassword {
  shell::ByteRange range;
  std::string_view what;
  std::string secret;
};

std::vector<FoundPassword> find_passwords(const shell::Script& script) {
  std::vector<FoundPassword> out;
  for (const shell::Command& c : script.commands) {
    const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
    if (!cmd) continue;
    for (const PasswordArg& p : password_args(*cmd)) {
      const shell::Word& w = *cmd->words[p.word];
      // Quotes around the whole word: the password is inside them.
      std::size_t start = p.offset;
      std::size_t end = w.raw.size();
      if (end - start >= 2 && (w.raw[start] == '"' || w.raw[start] == '\'') &&
          w.raw[end - 1] == w.raw[start]) {
        ++start;
        --end;
      }
      out.push_back({{w.range.start + static_cast<uint32_t>(start),
                      w.range.start + static_cast<uint32_t>(end)},
                     p.what,
                     w.raw.substr(start, end - start)});
    }
  }
  return out;
}

// The credential tokens of an instruction's text. Every analysis scans every instruction, and
// after an edit nearly all of them are byte for byte what the previous analysis scanned (the
// scan was the costliest part of re-analysing a long file): the results for the texts seen
// last are kept per thread. They are a function of the text alone, so none can go stale; all
// go at once when their texts add up to more than kRecentBytes.
std::vector<CredentialToken> tokens_of(std::string_view text) {
  constexpr std::size_t kRecentBytes = std::size_t{4} << 20;
  struct Recent {
    std::unordered_map<std::string, std::vector<CredentialToken>, syntax::StringHash,
                       std::equal_to<>>
        found;
    std::size_t bytes = 0;
  };
  thread_local Recent recent;
  if (const auto it = recent.found.find(text); it != recent.found.end()) return it->second;
  std::vector<CredentialToken> tokens = find_credential_tokens(text);
  if (text.size() > kRecentBytes) return tokens;
  if (recent.bytes + text.size() > kRecentBytes) {
    recent.found.clear();
    recent.bytes = 0;
  }
  recent.bytes += text.size();
  recent.found.emplace(std::string(text), tokens);
  return tokens;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  std::vector<Range> taken = secret_in_env_values(ctx);
  // Command-line passwords first: their range is the password alone. Found once per shell
  // text (the parse is shared across analyses and documents), placed per analysis.
  static const char kPasswords = 0;
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    const std::vector<FoundPassword>& found = sh.parsed->derived<std::vector<FoundPassword>>(
        &kPasswords, [&] { return find_passwords(sh.parsed->script()); });
    for (const FoundPassword& p : found) {
      const shell::MappedRange mapped = sh.source.map.to_document(p.range);
      if (mapped.pieces.empty()) continue;
      report(ctx, reporter, taken, {mapped.covering.start, mapped.covering.end}, p.what, p.secret);
    }
  }
  for (TSNode i : ctx.instructions()) {
    const uint32_t start = ts_node_start_byte(i);
    const std::string_view body = ctx.text(i);
    for (const CredentialToken& t : tokens_of(body)) {
      report(ctx, reporter, taken,
             {start + static_cast<uint32_t>(t.start), start + static_cast<uint32_t>(t.end)}, t.kind,
             body.substr(t.start, t.end - t.start));
    }
  }
}

}  // namespace

const Rule& rule_secret_literal() {
  static const Rule rule{
      {.slug = "secret-literal",
       .summary = "Do not write credentials in the Dockerfile",
       .severity = Severity::kError,
       .aliases = {},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports credential-shaped text anywhere in an instruction: AWS access "
                       "key IDs (`AKIA...`, `ASIA...`), GitHub tokens (`ghp_`, `gho_`, `ghu_`, "
                       "`ghs_`, `ghr_`, `github_pat_`), Slack tokens (`xoxb-`, `xoxp-`, ...), "
                       "Google API keys (`AIza...`), Stripe live keys (`sk_live_`, `rk_live_`), "
                       "private-key blocks (`-----BEGIN ... PRIVATE KEY-----`), the password of "
                       "a `scheme://user:password@host` URL, and literal passwords on a command "
                       "line: `--password x` or `--password=x` (any program but the MySQL and "
                       "PostgreSQL clients, where `--password` alone prompts), `-p<password>` "
                       "for MySQL and MariaDB clients, `docker login -p x`, `htpasswd -b file "
                       "user password`, `curl -u user:password`. Only the secret "
                       "is underlined, and the message shows at most its first characters. "
                       "Values written with variables (`--password \"$DB_PASS\"`), AWS's "
                       "documentation keys (`...EXAMPLE`) and placeholders are not reported; an "
                       "`ENV`/`ARG` value that `secret-in-env` reports is left to it.",
               .why = "A secret in a Dockerfile is in version control, in every build log, and "
                      "usually in the image (its layers, configuration or history), where "
                      "anyone who can pull it can read it. Treat it as leaked: revoke it.",
               .example = "FROM alpine:3.20\n"
                          "RUN wget -q https://deploy:s3cr3t-pw@repo.example.com/app.tgz\n",
               .instead = "FROM alpine:3.20\n"
                          "RUN --mount=type=secret,id=netrc,target=/root/.netrc \\\n"
                          "    wget -q https://repo.example.com/app.tgz\n",
               .fix = rewrites::kMoveSecretsFixDoc}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
