// user-missing: the final stage never sets USER (neither it nor the stages it is built FROM),
// so the container runs as the base image's default user, which is root for almost every image.
#include <fmt/format.h>

#include <algorithm>

#include "rewrites/rewrite.h"
#include "rewrites/user_fix_doc.h"
#include "rules/default_user.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

// True when the image installs a privilege-dropping tool (gosu, su-exec, setpriv) in the final
// stage or the stages it builds on: its entrypoint switches to an unprivileged user at run time,
// as the official database images do.
bool drops_privileges(const RuleContext& ctx, const model::Model& m, const model::Stage& last) {
  std::vector<int> chain;
  for (const model::Stage* s = &last; s != nullptr;) {
    chain.push_back(static_cast<int>(s->index));
    s = s->base.stage && *s->base.stage < s->index ? &m.stages[*s->base.stage] : nullptr;
  }
  for (const model::InstructionInfo& info : m.instructions) {
    if (std::find(chain.begin(), chain.end(), info.stage) == chain.end()) continue;
    if (info.keyword != "run" && info.keyword != "copy" && info.keyword != "add" &&
        info.keyword != "entrypoint" && info.keyword != "cmd") {
      continue;
    }
    const std::string_view text = ctx.text(info.node);
    for (std::string_view tool : {"gosu", "su-exec", "setpriv", "chroot --userspec"}) {
      if (text.find(tool) != std::string_view::npos) return true;
    }
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  const model::Stage* final = m.final_stage();
  if (final == nullptr || ts_node_is_null(final->base.image)) return;
  const model::EffectiveUser& user = final->user_at_end;
  // A USER somewhere in the chain: user-root judges its value.
  if (user.origin == model::EffectiveUser::Origin::kInstruction) return;
  // The chain of `FROM <stage>` ends at the image whose default user we would inherit.
  const model::Stage* root = final;
  while (root->base.stage && *root->base.stage < root->index) {
    root = &m.stages[*root->base.stage];
  }
  if (user.origin == model::EffectiveUser::Origin::kUnknown) {
    // The image is only known at build time, or documents a non-root default.
    if (!root->base.resolved || root->base.resolved->empty() ||
        root->base.resolved->find('$') != std::string::npos ||
        defaults_to_non_root(*root->base.resolved)) {
      return;
    }
  }
  if (drops_privileges(ctx, m, *final)) return;
  const std::string message =
      user.origin == model::EffectiveUser::Origin::kScratch
          ? "the final stage never sets USER and is built on scratch, so it runs as root (UID "
            "0); add USER with a numeric non-root UID"
          : fmt::format(
                "the final stage never sets USER, so it runs as the default user of "
                "'{}', usually root or an administrator; add a USER with a non-root user",
                *root->base.resolved);
  rewrites::RewriteOutcome rewrite =
      rewrites::plan_add_non_root_user(ctx, ts_node_start_byte(final->from));
  reporter.report(
      final->base.image,
      rewrite.fix ? message : fmt::format("{} (no automatic fix: {})", message, rewrite.why_not),
      std::move(rewrite.fix));
}

}  // namespace

const Rule& rule_user_missing() {
  static const Rule rule{
      {.slug = "user-missing",
       .summary = "The final stage should set a non-root USER",
       .severity = Severity::kWarning,
       .enabled_by_default = true,
       .aliases = {"DS002", "CKV_DOCKER_3"},
       .fix = FixKind::kUnsafe,
       .doc = {.what =
                   "Reports the base image of the final stage when neither that stage nor the "
                   "stages it is built `FROM` has a `USER` instruction. A final stage on "
                   "`scratch` without `USER` is reported too: its processes run as UID 0. "
                   "Not reported: images whose default user is documented as non-root "
                   "(tags containing `nonroot`, `non-root` or `rootless`, such as "
                   "`gcr.io/distroless/static:nonroot`; `cgr.dev/chainguard/` images; "
                   "Windows Nano Server), images that install `gosu`, `su-exec` or `setpriv` "
                   "(their entrypoint drops to an unprivileged user at run time, as the "
                   "official database images do), and base images that are only known at build "
                   "time (`FROM $BASE` without a default). When the last `USER` is root, "
                   "`user-root` reports it instead. The default user of a vendor image cannot be "
                   "seen from the Dockerfile; when it is already unprivileged, say so with an "
                   "explicit `USER` (it documents the intent and survives a change of base "
                   "image) or turn the rule off in the configuration.",
               .why = "Without `USER` the container runs as the image's default user, which is "
                      "root for nearly every base image. A process running as root that is "
                      "compromised owns the whole container, can modify its binaries, and is "
                      "one kernel or runtime bug away from the host.",
               .example = "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", "
                          "\"/app/app.py\"]\n",
               .instead = "FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\n"
                          "COPY app.py /app/\nUSER 10001\nCMD [\"python\", \"/app/app.py\"]\n",
               .fix = rewrites::kAddNonRootUserFixDoc}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
