// undefined-variable: `$NAME` in an instruction where no ARG or ENV declares NAME, from the
// semantic model. When the stage builds on an external image, whose ENV is unknown, only names
// that are clearly not the image's are reported: near-misses of a declared variable (a typo)
// and lower-case names.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/name_suggestion.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

// BuildKit's predefined proxy ARGs: usable without a declaration.
bool predefined(std::string_view name) {
  static constexpr std::string_view kProxies[] = {
      "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
      "ftp_proxy",  "NO_PROXY",   "no_proxy",    "ALL_PROXY",   "all_proxy"};
  return std::find(std::begin(kProxies), std::end(kProxies), name) != std::end(kProxies);
}

bool lower_case_name(std::string_view name) {
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return std::isupper(static_cast<unsigned char>(c)); }) &&
         std::any_of(name.begin(), name.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const model::Model& m = ctx.model();
  for (const model::VariableReference* ref : m.undefined_references()) {
    // FROM lines and global ARG defaults: BuildKit's UndefinedArgInFrom, another check.
    if (ref->stage < 0 || predefined(ref->use.name)) continue;
    const model::InstructionInfo* info = m.instruction_at(ref->use.start);
    std::optional<std::string> suggestion;
    if (info != nullptr && info->scope) suggestion = similar_name(*info->scope, ref->use.name);
    if (ref->image_env_unknown && !suggestion && !lower_case_name(ref->use.name)) continue;
    std::string message =
        fmt::format("${} is not defined by any ARG or ENV before it", ref->use.name);
    if (ref->image_env_unknown) message += " (nor, by its name, by the base image)";
    if (suggestion) {
      message += fmt::format("; did you mean ${}?", *suggestion);
    } else {
      message += fmt::format("; it expands to an empty string: declare it with ARG {0} or ENV {0}",
                             ref->use.name);
    }
    reporter.report(static_cast<uint32_t>(ref->use.start), static_cast<uint32_t>(ref->use.end),
                    message);
  }
}

}  // namespace

const Rule& rule_undefined_variable() {
  static const Rule rule{
      {.slug = "undefined-variable",
       .summary = "Variables must be declared before use",
       .severity = Severity::kWarning,
       .aliases = {"UndefinedVar"},
       .doc = {.what = "Reports `$NAME` and `${NAME}` in instructions BuildKit expands (ENV, "
                       "COPY, WORKDIR, USER, LABEL, ...) when no `ARG` or `ENV` before it in "
                       "the stage (or the stages it is built `FROM`) declares `NAME`. The base "
                       "image's own environment (PATH, HOME, JAVA_HOME, ...) is not known "
                       "without pulling it, so in a stage on an external image only names that "
                       "cannot be the image's are reported: a near-miss of a declared variable "
                       "(`$APP_VERISON` with `ARG APP_VERSION`: a typo) and lower-case names. "
                       "References with a fallback (`${X:-default}`, `${X:?msg}`), BuildKit's "
                       "predefined proxy ARGs and `RUN` commands (the shell expands those) are "
                       "not reported; neither are FROM lines, which undefined-arg-in-from checks "
                       "(BuildKit's "
                       "UndefinedArgInFrom).",
               .why = "An undefined variable silently expands to an empty string: `COPY "
                      "app-$VERSION.jar` copies `app-.jar`, `WORKDIR $APP_HOME` means `/`.",
               .example = "FROM alpine:3.20\nARG APP_VERSION=1.4.2\n"
                          "LABEL version=$APP_VERSOIN\n",
               .instead = "FROM alpine:3.20\nARG APP_VERSION=1.4.2\n"
                          "LABEL version=$APP_VERSION\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
