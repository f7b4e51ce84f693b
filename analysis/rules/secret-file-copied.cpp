// secret-file-copied: COPY/ADD of a credential file (private keys, .env, .npmrc, .pypirc,
// .netrc, .git-credentials, cloud credentials, kubeconfigs) in a stage that reaches the final
// image (the final stage and the stages it is built FROM).
#include <fmt/format.h>

#include <set>

#include "rewrites/rewrite.h"
#include "rewrites/secrets_fix_doc.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "rules/secret_files.h"

namespace whalesafe::rules {
namespace {

// The final stage and the stages it is built FROM.
std::set<int> final_chain(const model::Model& m) {
  std::set<int> chain;
  for (const model::Stage* s = m.final_stage(); s != nullptr;) {
    if (!chain.insert(static_cast<int>(s->index)).second) break;
    s = s->base.stage && *s->base.stage < s->index ? &m.stages[*s->base.stage] : nullptr;
  }
  return chain;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  const std::set<int> chain = final_chain(m);
  for (const model::InstructionInfo& info : m.instructions) {
    if ((info.keyword != "copy" && info.keyword != "add") || chain.count(info.stage) == 0) continue;
    const std::vector<PathOperand> operands = path_operands(ctx.document(), info.node);
    for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
      const std::string_view path = strip_quotes(operands[k].text);
      if (path.find("://") != std::string_view::npos) continue;  // ADD of a URL
      const std::optional<std::string_view> kind = credential_file_kind(path);
      if (!kind) continue;
      std::string message = fmt::format(
          "{} {} puts {} into the image, where anyone who can pull it can read it "
          "(removing it later does not remove the layer); use RUN "
          "--mount=type=secret",
          ascii_upper(info.keyword), path, *kind);
      // .npmrc, .pypirc and .netrc become secret mounts (move-secrets).
      const std::string_view base = path.substr(path.rfind('/') + 1);
      std::optional<findings::Fix> fix;
      if (base == ".npmrc" || base == ".pypirc" || base == ".netrc") {
        rewrites::RewriteOutcome rewrite =
            rewrites::plan_move_secrets(ctx, ts_node_start_byte(operands[k].node));
        if (!rewrite.fix) message += fmt::format(" (no automatic fix: {})", rewrite.why_not);
        fix = std::move(rewrite.fix);
      }
      reporter.report(operands[k].node, std::move(message), std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_secret_file_copied() {
  static const Rule rule{
      {.slug = "secret-file-copied",
       .summary = "Do not copy credential files into the image",
       .severity = Severity::kError,
       .aliases = {"DS031"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports `COPY`/`ADD` sources that are credential files: SSH private "
                       "keys (`id_rsa`, `id_ed25519`, ...) and `.ssh` directories, private keys "
                       "(`*.key`, `*_key`, `*.p12`, `*.pfx`, `privkey.pem`, `*key*.pem`), "
                       "dotenv files (`.env`, `.env.production`; not `.env.example` and other "
                       "templates), `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, "
                       "`.aws/credentials` and `.aws`, `.docker/config.json`, Google Cloud keys "
                       "(`application_default_credentials.json`, `*service-account*.json`, "
                       "`client_secret*.json`) and kubeconfigs (`kubeconfig`, `*.kubeconfig`, "
                       "`.kube/config`, `.kube`). Only stages that reach the final image are "
                       "checked (the final stage and the stages it is built `FROM`): a build "
                       "stage's files stay out of the image unless copied on purpose.",
               .why = "Files copied into an image stay in its layer even when a later `RUN rm` "
                      "deletes them, so anyone who can pull the image can read the key or "
                      "token. BuildKit's secret mounts make a file available to one `RUN` "
                      "without storing it.",
               .example = "FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package.json ./\n"
                          "RUN npm install && rm .npmrc\n",
               .instead = "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n"
                          "RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm install\n",
               .fix = rewrites::kMoveSecretsFixDoc}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
