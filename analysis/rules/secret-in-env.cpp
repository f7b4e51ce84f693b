// secret-in-env: an ENV or ARG whose name says credential and whose value is a literal that
// could be one (`ENV DB_PASSWORD=hunter2`), which stays readable in the image's configuration
// (ENV) or its build history (ARG).
#include <fmt/format.h>

#include "rewrites/rewrite.h"
#include "rewrites/secrets_fix_doc.h"
#include "rules/credential_names.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const model::InstructionInfo& info : ctx.model().instructions) {
    if (info.keyword != "env" && info.keyword != "arg") continue;
    for (const model::Declaration& d : info.declarations) {
      if (!d.written_value || !is_credential_name(d.variable.name)) continue;
      const model::Word& value = *d.written_value;
      // `${TOKEN}` or `$X` is whatever the build passes, not a literal in the file.
      if (!value.expansion.uses.empty() || !is_literal_credential_value(value.written) ||
          !is_literal_credential_value(value.value())) {
        continue;
      }
      std::string message = fmt::format(
          "{} {} holds a literal credential, readable by anyone with the image{}; use a build "
          "secret (RUN --mount=type=secret) or pass it at run time",
          ascii_upper(info.keyword), d.variable.name,
          info.keyword == "arg" ? " (build arguments are kept in its history)" : "");
      rewrites::RewriteOutcome rewrite =
          rewrites::plan_move_secrets(ctx, ts_node_start_byte(value.node));
      if (!rewrite.fix) message += fmt::format(" (no automatic fix: {})", rewrite.why_not);
      reporter.report(value.node, std::move(message), std::move(rewrite.fix));
    }
  }
}

}  // namespace

const Rule& rule_secret_in_env() {
  static const Rule rule{
      {.slug = "secret-in-env",
       .summary = "Do not put credentials in ENV or ARG",
       .severity = Severity::kError,
       .aliases = {"SecretsUsedInArgOrEnv", "DS031"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports the value of an `ENV` or `ARG` when both the name and the value "
                       "say credential. The name must contain a credential word (`PASSWORD`, "
                       "`PASSWD`, `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, "
                       "`CREDENTIALS`, ...) not qualified away by a later word (`TOKEN_TTL`, "
                       "`PASSWORD_POLICY`, `SECRET_KEY_FILE`, `AWS_ACCESS_KEY_ID` are settings "
                       "or identifiers). The value must be a literal: empty values, `${VAR}` "
                       "references, booleans, paths (`/run/secrets/db`), plain URLs and "
                       "placeholders (`<token>`, `xxxx`) are not reported.",
               .why = "`ENV` values are stored in the image configuration and shown by `docker "
                      "inspect`; `ARG` values are recorded in the image history. Anyone who can "
                      "pull the image can read them, and the Dockerfile itself puts the secret "
                      "in version control.",
               .example = "FROM postgres:16\nENV POSTGRES_PASSWORD=hunter2\n",
               .instead = "FROM postgres:16\n"
                          "ENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password\n",
               .fix = rewrites::kMoveSecretsFixDoc}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
