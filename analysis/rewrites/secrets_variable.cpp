#include "rewrites/secrets_variable.h"

#include <fmt/format.h>

#include <algorithm>

#include "rewrites/secrets_mount.h"
#include "rewrites/user_lines.h"
#include "rules/credential_names.h"
#include "rules/credential_tokens.h"
#include "rules/node_util.h"

namespace whalesafe::rewrites {
namespace {

RewriteOutcome none(std::string why) { return {std::nullopt, std::move(why)}; }

bool holds(TSNode node, uint32_t offset) {
  return !ts_node_is_null(node) && ts_node_start_byte(node) <= offset &&
         offset < ts_node_end_byte(node);
}

// Variables that programs read from their environment whatever the RUN's text says (the AWS
// CLI, gh, npm through `${NPM_TOKEN}` in an .npmrc, twine, pip, ...): every RUN that saw them
// gets the secret, not only those that name them.
bool read_from_environment(std::string_view name) {
  static constexpr std::string_view kNames[] = {"AWS_SECRET_ACCESS_KEY",
                                                "AWS_SESSION_TOKEN",
                                                "GITHUB_TOKEN",
                                                "GH_TOKEN",
                                                "GITLAB_TOKEN",
                                                "NODE_AUTH_TOKEN",
                                                "NPM_TOKEN",
                                                "NPM_AUTH_TOKEN",
                                                "TWINE_PASSWORD",
                                                "HF_TOKEN",
                                                "HUGGING_FACE_HUB_TOKEN",
                                                "CARGO_REGISTRY_TOKEN",
                                                "COMPOSER_AUTH",
                                                "VAULT_TOKEN",
                                                "GOOGLE_API_KEY",
                                                "OPENAI_API_KEY",
                                                "ANTHROPIC_API_KEY",
                                                "SENTRY_AUTH_TOKEN"};
  static constexpr std::string_view kPrefixes[] = {
      "NPM_CONFIG_", "PIP_", "UV_", "POETRY_HTTP_", "CARGO_REGISTRIES_", "BUNDLE_", "TF_TOKEN_"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames) ||
         std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](std::string_view p) { return name.starts_with(p); });
}

bool looks_secret(const rules::RuleContext& ctx, const model::Declaration& d) {
  if (!d.written_value) return false;
  const model::Word& v = *d.written_value;
  if (v.expansion.uses.empty() && rules::is_credential_name(d.variable.name) &&
      rules::is_literal_credential_value(v.written) &&
      rules::is_literal_credential_value(v.value())) {
    return true;
  }
  return !rules::find_credential_tokens(ctx.text(v.node)).empty();
}

std::string where(const rules::RuleContext& ctx, TSNode instruction) {
  return fmt::format("{} on line {}", rules::instruction_name(instruction),
                     ctx.document().line_col(ts_node_start_byte(instruction)).line);
}

// Removes one declaration: the whole instruction when it is the only one, else the declaration
// and the blanks (or line continuation) that separate it from its neighbour.
findings::TextEdit remove_declaration(const rules::RuleContext& ctx,
                                      const model::InstructionInfo& info, TSNode declaration) {
  const std::string_view text = ctx.document().text();
  std::vector<TSNode> all;
  for (const model::Declaration& d : info.declarations) all.push_back(d.variable.declaration);
  if (all.size() <= 1) {
    return delete_lines(text, ts_node_start_byte(info.node), ts_node_end_byte(info.node));
  }
  std::size_t k = 0;
  while (k < all.size() && !ts_node_eq(all[k], declaration)) ++k;
  if (k == all.size()) {  // not one of them: cannot happen, but never cut the wrong text
    return {ts_node_start_byte(declaration), ts_node_end_byte(declaration), ""};
  }
  if (k + 1 < all.size()) {
    return {ts_node_start_byte(declaration), ts_node_start_byte(all[k + 1]), ""};
  }
  return {ts_node_end_byte(all[k - 1]), ts_node_end_byte(declaration), ""};
}

}  // namespace

RewriteOutcome plan_move_secret_variable(const rules::RuleContext& ctx,
                                         const model::InstructionInfo& info, uint32_t offset) {
  const model::Model& m = ctx.model();
  const model::Declaration* decl = nullptr;
  for (const model::Declaration& d : info.declarations) {
    if (holds(d.variable.declaration, offset) && looks_secret(ctx, d)) decl = &d;
  }
  for (std::size_t i = 0; decl == nullptr && i < info.declarations.size(); ++i) {
    if (looks_secret(ctx, info.declarations[i])) decl = &info.declarations[i];
  }
  if (decl == nullptr) return none("this instruction sets no literal credential");
  const std::string& name = decl->variable.name;
  const std::string id = secret_id(name);

  // What goes: the declaration, and for a global ARG the `ARG NAME` that import it.
  std::vector<std::pair<const model::InstructionInfo*, TSNode>> removed = {
      {&info, decl->variable.declaration}};
  if (info.stage < 0) {
    for (const model::InstructionInfo& other : m.instructions) {
      if (other.keyword != "arg" || other.stage < 0) continue;
      for (const model::Declaration& d : other.declarations) {
        if (d.variable.name == name && d.variable.imported_global && !d.written_value) {
          removed.emplace_back(&other, d.variable.declaration);
        }
      }
    }
  }
  const auto ours = [&](TSNode declaration) {
    return std::any_of(removed.begin(), removed.end(),
                       [&](const auto& r) { return ts_node_eq(r.second, declaration); });
  };

  // Instructions that BuildKit expands the variable in cannot read a secret.
  for (const model::VariableReference& r : m.references) {
    if (r.use.name != name || !ours(r.declaration)) continue;
    const model::InstructionInfo* user = m.instruction_at(static_cast<uint32_t>(r.use.start));
    return none(fmt::format("{} is used by {}, which cannot read a build secret", name,
                            user ? where(ctx, user->node) : std::string("an instruction")));
  }

  // The RUNs that saw it, and those of them that use it.
  const auto first = static_cast<std::size_t>(&info - m.instructions.data());
  const bool implicit = read_from_environment(name);
  std::vector<const model::InstructionInfo*> runs;
  for (std::size_t i = first + 1; i < m.instructions.size(); ++i) {
    const model::InstructionInfo& run = m.instructions[i];
    if (run.keyword != "run" && run.keyword != "onbuild") continue;
    if (!run.scope) continue;
    const model::Variable* seen = run.scope->lookup(name);
    if (seen == nullptr || !ours(seen->declaration)) continue;
    const bool uses = implicit || shell_text_uses(ctx.text(run.node), name);
    if (!uses) continue;
    if (run.keyword == "onbuild") {
      return none(
          fmt::format("{} is used by {}, which runs in another build", name, where(ctx, run.node)));
    }
    runs.push_back(&run);
  }

  const std::optional<FrontendVersion> frontend = syntax_frontend_version(ctx.directives());
  const bool env_option =
      frontend && (frontend->major > 1 || (frontend->major == 1 && frontend->minor >= 10));
  std::vector<findings::TextEdit> edits;
  for (const model::InstructionInfo* run : runs) {
    if (!env_option && !prefixable_command(ctx, run->node)) {
      return none(
          fmt::format("{} uses {} in exec form or in a heredoc script, where no line "
                      "can read the secret first",
                      where(ctx, run->node), name));
    }
    SecretMount mount{id, "", env_option ? name : "", runs_as_non_root(*run)};
    for (findings::TextEdit& e :
         add_mount(ctx, run->node, mount, env_option ? "" : read_secret_prefix(name, id))) {
      edits.push_back(std::move(e));
    }
  }
  for (const auto& [instruction, declaration] : removed) {
    edits.push_back(remove_declaration(ctx, *instruction, declaration));
  }
  if (!runs.empty()) {
    if (auto directive = add_syntax_directive(ctx.document().text(), ctx.directives())) {
      edits.push_back(std::move(*directive));
    }
  }

  const std::string_view kind = info.keyword == "env" ? "ENV" : "ARG";
  std::string description =
      runs.empty()
          ? fmt::format("Remove the {} {}, which no RUN uses", kind, name)
          : fmt::format(
                "Move {} {} to the build secret '{}', read by {} RUN{} from a secret "
                "mount: build with `docker build --secret id={},env={}` ({} set in the "
                "environment of the build, or `--secret id={},src=<file>`)",
                kind, name, id, runs.size(), runs.size() == 1 ? "" : "s", id, name, name, id);
  if (info.keyword == "env") {
    description += fmt::format(
        "; {} is no longer set in the image: a container that needs it "
        "gets it at run time (`docker run -e {}` or a runtime secret)",
        name, name);
  }
  description += "; the value committed in this Dockerfile is leaked: rotate it";
  return {findings::Fix{std::move(description), findings::Applicability::kUnsafe,
                        merge_insertions(std::move(edits))},
          ""};
}

}  // namespace whalesafe::rewrites
