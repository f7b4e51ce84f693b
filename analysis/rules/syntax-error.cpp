// syntax-error: what the parser (and BuildKit's own checks on instruction shapes) rejects.
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const syntax::Diagnostic& d : ctx.syntax_diagnostics()) {
    if (d.severity == syntax::Severity::kError)
      reporter.report(d.start_byte, d.end_byte, d.message);
  }
}

}  // namespace

const Rule& rule_syntax_error() {
  static const Rule rule{
      {.slug = "syntax-error",
       .summary = "The Dockerfile does not parse",
       .severity = Severity::kError,
       .doc = {.what = "Reports text that Docker's parser rejects: malformed instructions, "
                       "unterminated heredocs or JSON arrays, ENV/LABEL without `=`, bad parser "
                       "directives, or a file without any instruction.",
               .why = "`docker build` stops at the first such error, so nothing after it is "
                      "built, and the other rules can only guess what the broken part meant.",
               .example = "FROM alpine:3.20\nENV A=1 B\n",
               .instead = "FROM alpine:3.20\nENV A=1 B=2\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
