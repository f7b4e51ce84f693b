// copy-context-without-dockerignore: `COPY . <dest>` / `ADD . <dest>` when the build context,
// taken to be the Dockerfile's directory, has no .dockerignore (nor `<Dockerfile>.dockerignore`
// next to the Dockerfile). Needs the Dockerfile's path: `whalesafe check FILE` only.
#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

bool is_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && !ec;
}

// True when BuildKit would find an ignore file for this Dockerfile in its directory.
bool has_dockerignore(const std::filesystem::path& dockerfile) {
  const std::filesystem::path dir = dockerfile.parent_path();
  const std::filesystem::path context = dir.empty() ? std::filesystem::path(".") : dir;
  return is_file(context / ".dockerignore") ||
         is_file(context / (dockerfile.filename().string() + ".dockerignore"));
}

bool whole_context(std::string_view path) { return path == "." || path == "./"; }

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::string& path = ctx.settings().dockerfile_path;
  if (path.empty()) return;
  std::optional<bool> ignored;  // looked up once, on the first `COPY .`
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    if (find_flag(ctx.document(), i, "from")) continue;  // another stage or image
    const std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (operands.size() < 2) continue;
    for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
      if (!whole_context(strip_quotes(operands[k].text))) continue;
      if (!ignored) ignored = has_dockerignore(path);
      if (*ignored) return;
      reporter.report(operands[k].node,
                      fmt::format("{} . copies the whole build context, and there is no "
                                  ".dockerignore next to the Dockerfile: .git, .env files, "
                                  "local credentials and build output go into the image",
                                  instruction_name(i)));
    }
  }
}

}  // namespace

const Rule& rule_copy_context_without_dockerignore() {
  static const Rule rule{
      {.slug = "copy-context-without-dockerignore",
       .summary = "COPY . needs a .dockerignore",
       .severity = Severity::kWarning,
       .doc = {.what = "Reports the `.` of `COPY . <dest>` and `ADD . <dest>` (also `./`) when "
                       "the build context has no `.dockerignore`. The context is taken to be the "
                       "Dockerfile's directory, where `docker build .` next to it finds it; a "
                       "Dockerfile-specific `<name>.dockerignore` next to the Dockerfile counts "
                       "too. `COPY --from` is not reported. Only `whalesafe check` on files "
                       "knows the directory: standard input and editors are not checked.",
               .why = "Without a `.dockerignore`, `COPY .` sends everything in the directory "
                      "into the image: the `.git` history, `.env` files, local credentials, "
                      "`node_modules` and build output. That leaks secrets, bloats the image "
                      "and breaks the layer cache whenever any file changes.",
               .example = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n",
               .instead = "FROM node:22-slim\nWORKDIR /app\n"
                          "COPY package.json package-lock.json ./\nCOPY src/ ./src/\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
