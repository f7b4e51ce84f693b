// pip-no-cache-dir: `pip install` without `--no-cache-dir`, whose download cache stays in a
// layer of the final image.
#include <fmt/format.h>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

const std::vector<std::string_view> kCacheDirs{"/root/.cache/pip"};

bool sets_no_cache(const RunInstruction& run, const RunInvocation& ri) {
  // ENV PIP_NO_CACHE_DIR=... (any non-empty value: how pip reads "false" has varied), or
  // `PIP_NO_CACHE_DIR=1 pip install`, or exported earlier in the script.
  if (run.info->scope) {
    const model::Variable* v = run.info->scope->lookup("PIP_NO_CACHE_DIR");
    if (v != nullptr && v->value && !v->value->empty()) return true;
  }
  for (const shell::Assignment& a : ri.command().assignments) {
    if (a.name == "PIP_NO_CACHE_DIR") return true;
  }
  const auto& commands = ri.shell->script.commands;
  for (std::size_t i = 0; i < ri.inv.command_index; ++i) {
    for (const shell::Assignment& a : commands[i].assignments) {
      if (a.name == "PIP_NO_CACHE_DIR" && !commands[i].in_subshell) return true;
    }
  }
  return false;
}

bool cache_handled(const RunInstruction& run, const RunInvocation& ri) {
  // A cache or tmpfs on pip's cache directory, whoever the user is.
  for (const std::string& target : run.cache_mounts) {
    std::string t = target;
    while (t.size() > 1 && t.ends_with('/')) t.pop_back();
    if (t.ends_with("/.cache/pip") || t.ends_with("/.cache")) return true;
  }
  if (removes_path(run, ri.shell, ri.inv.command_index, kCacheDirs)) return true;
  // `pip cache purge` later in the RUN.
  const auto& commands = ri.shell->script.commands;
  for (std::size_t i = ri.inv.command_index + 1; i < commands.size(); ++i) {
    const std::optional<shell::Invocation> inv =
        shell::recognize_invocation(ri.shell->script, i, ri.shell->source.map);
    if (inv && inv->manager == shell::Manager::kPip && inv->action == "cache") return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (inv.manager != shell::Manager::kPip || inv.action != "install") continue;
      if (inv.has_flag("no-cache-dir") || inv.has_flag("--cache-dir")) continue;
      if (sets_no_cache(run, ri) || cache_handled(run, ri)) continue;
      std::optional<findings::Fix> fix;
      if (auto edit = insert_after_action(ri, " --no-cache-dir")) {
        fix =
            findings::Fix{"Add --no-cache-dir", findings::Applicability::kSafe, {std::move(*edit)}};
      }
      const findings::TextEdit head = head_range(ri);
      reporter.report(head.start_byte, head.end_byte,
                      "'pip install' without --no-cache-dir keeps every downloaded package in "
                      "pip's cache, in the image",
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_pip_no_cache_dir() {
  static const Rule rule{
      {.slug = "pip-no-cache-dir",
       .summary = "Use `pip install --no-cache-dir`",
       .severity = Severity::kWarning,
       .aliases = {"DL3042"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `pip install` (also `pip3`, `python -m pip`) without "
                       "`--no-cache-dir` in the stages that end up in the final image. Not "
                       "reported when `PIP_NO_CACHE_DIR` is set (ENV, ARG, or in the command), "
                       "when `--cache-dir` is given, when the RUN mounts a cache or tmpfs on "
                       "`/root/.cache/pip` (or `/root/.cache`), or removes that directory or "
                       "runs `pip cache purge` afterwards.",
               .why = "pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an "
                      "image that cache is never reused (the next build starts from the layer "
                      "before) and often weighs as much as the packages themselves.",
               .example = "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
               .instead = "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r "
                          "requirements.txt\n",
               .fix = "Inserts `--no-cache-dir` after `install`. Safe: the same packages are "
                      "installed; only the cache is not written."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
