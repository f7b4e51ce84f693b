// copy-ignored-file: a COPY/ADD source from the build context that the context's .dockerignore
// excludes, so the builder never receives it. The context is taken to be the Dockerfile's
// directory (as copy-context-without-dockerignore does); `whalesafe check FILE` only.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "rules/dockerignore.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

struct IgnoreFile {
  std::string name;  // as shown in messages: ".dockerignore" or "<Dockerfile>.dockerignore"
  DockerIgnore rules;
};

// BuildKit's choice: `<Dockerfile name>.dockerignore` next to the Dockerfile wins over the
// context's `.dockerignore`.
std::optional<IgnoreFile> read_ignore_file(const std::filesystem::path& dockerfile) {
  const std::filesystem::path dir =
      dockerfile.has_parent_path() ? dockerfile.parent_path() : std::filesystem::path(".");
  for (const std::string& name :
       {dockerfile.filename().string() + ".dockerignore", std::string(".dockerignore")}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dir / name, ec)) continue;
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) continue;
    std::ostringstream text;
    text << in.rdbuf();
    return IgnoreFile{name, DockerIgnore::parse(text.str())};
  }
  return std::nullopt;
}

bool is_remote(std::string_view source) {
  return source.find("://") != std::string_view::npos || source.rfind("git@", 0) == 0;
}

// The source as BuildKit reads it: the model's expansion (quotes removed, variables with
// values substituted); nullopt when a variable has no value.
std::optional<std::string> source_text(const RuleContext& ctx, TSNode instruction,
                                       const PathOperand& operand) {
  const model::InstructionInfo* info = ctx.model().instruction_at(ts_node_start_byte(instruction));
  if (info != nullptr) {
    for (const model::Word& w : info->words) {
      if (!ts_node_eq(w.node, operand.node)) continue;
      if (!w.ok()) return std::nullopt;
      for (const model::VariableUse& u : w.expansion.uses) {
        if (!u.defined) return std::nullopt;
      }
      return w.value();
    }
  }
  if (uses_variable(operand)) return std::nullopt;
  return std::string(strip_quotes(operand.text));
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::string& path = ctx.settings().dockerfile_path;
  if (path.empty()) return;
  std::optional<std::optional<IgnoreFile>> ignore;  // read on the first COPY/ADD
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    if (find_flag(ctx.document(), i, "from")) continue;  // another stage or image
    const std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (operands.size() < 2) continue;
    if (!ignore) ignore = read_ignore_file(path);
    if (!*ignore) return;
    const IgnoreFile& file = **ignore;
    for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
      const std::optional<std::string> source = source_text(ctx, i, operands[k]);
      if (!source || source->empty() || is_remote(*source)) continue;
      const std::string cleaned = clean_context_path(*source);
      const DockerIgnore::Pattern* pattern = file.rules.excluding_pattern(cleaned);
      // An exception below an excluded directory may still let some of it through.
      if (pattern == nullptr || file.rules.may_include_below(cleaned)) continue;
      reporter.report(
          operands[k].node,
          fmt::format("{} source '{}' is excluded from the build context by {} "
                      "('{}' on line {}): the builder never receives it",
                      instruction_name(i), cleaned, file.name, pattern->text, pattern->line));
    }
  }
}

}  // namespace

const Rule& rule_copy_ignored_file() {
  static const Rule rule{
      {.slug = "copy-ignored-file",
       .summary = "COPY and ADD sources are not excluded by .dockerignore",
       .severity = Severity::kWarning,
       .aliases = {"CopyIgnoredFile"},
       .doc = {.what = "Reports a `COPY` or `ADD` source from the build context that the "
                       "context's `.dockerignore` excludes (a `<Dockerfile>.dockerignore` next "
                       "to the Dockerfile takes its place, as in BuildKit). The context is taken "
                       "to be the Dockerfile's directory, so only `whalesafe check` on files "
                       "checks it. Patterns follow Docker's rules: `*`, `?`, `[...]`, `**` for "
                       "any number of directories, a pattern excluding a directory excludes "
                       "everything in it, and the last matching pattern wins, so `!` exceptions "
                       "re-include. A source is reported only when nothing under it can be "
                       "re-included by an exception. `COPY --from`, URLs, heredocs and sources "
                       "built from variables without a value are not checked.",
               .why = "The builder never receives excluded files: `COPY` of one fails with "
                      "\"not found\", and a wildcard that only matches excluded files copies "
                      "nothing. Either the `.dockerignore` entry or the `COPY` is a mistake.",
               .example = "FROM node:22-slim\nWORKDIR /app\nCOPY .env ./\n",
               .instead = "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
