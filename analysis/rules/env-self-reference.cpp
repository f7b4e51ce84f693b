// env-self-reference: an ENV value referring to a variable set earlier in the same ENV.
#include <fmt/format.h>

#include <set>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

// The `expansion` nodes in `value`, not those inside single quotes (which are literal).
std::vector<TSNode> expansions(TSNode value) {
  std::vector<TSNode> out;
  syntax::walk(value, [&](TSNode n) {
    if (syntax::type_of(n) == "single_quoted_string") return false;
    if (syntax::type_of(n) == "expansion") out.push_back(n);
    return true;
  });
  return out;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("env_instruction")) {
    std::set<std::string, std::less<>> earlier;
    for (TSNode pair : fields(i, "pair")) {
      const TSNode value = field(pair, "value");
      if (!ts_node_is_null(value)) {
        for (TSNode e : expansions(value)) {
          const std::string_view name = ctx.text(field(e, "name"));
          if (earlier.count(name) == 0) continue;
          reporter.report(e, fmt::format("${} is the value {} had before this ENV, not the one "
                                         "set earlier in it; set {} in an ENV of its own first",
                                         name, name, name));
        }
      }
      // `ENV PATH=$PATH:/x` reads the old value on purpose: a pair's own key only counts for
      // the pairs after it. `ENV X=$X` (promoting an ARG) keeps the value, so later pairs
      // reading X get the same value either way.
      const std::string_view key = ctx.text(field(pair, "name"));
      const std::string_view raw = ctx.text(value);
      if (raw != fmt::format("${}", key) && raw != fmt::format("${{{}}}", key)) {
        earlier.insert(std::string(key));
      }
    }
  }
}

}  // namespace

const Rule& rule_env_self_reference() {
  static const Rule rule{
      {.slug = "env-self-reference",
       .summary = "ENV cannot use a variable it sets itself",
       .severity = Severity::kError,
       .aliases = {"DL3044"},
       .doc = {.what = "Reports `$VAR` or `${VAR}` in an `ENV` value when an earlier pair of the "
                       "same `ENV` sets `VAR`. A pair using its own variable "
                       "(`ENV PATH=$PATH:/opt/bin`) is fine, and so is reading a variable the "
                       "same `ENV` only promotes from an `ARG` (`ENV V=$V W=$V/x`).",
               .why = "All values of one `ENV` are expanded before any of its variables is "
                      "set, so `ENV A=1 B=$A` sets `B` to the previous `A` (often empty), "
                      "not `1`.",
               .example = "FROM alpine:3.20\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin\n",
               .instead = "FROM alpine:3.20\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
