// empty-continuation: blank lines inside a continued instruction (BuildKit warns; a future
// Dockerfile syntax will reject them).
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const syntax::Diagnostic& d : ctx.syntax_diagnostics()) {
    if (d.severity == syntax::Severity::kWarning &&
        d.code == syntax::diagnostic_code::kEmptyContinuation) {
      reporter.report(d.start_byte, d.end_byte, "empty continuation line");
    }
  }
}

}  // namespace

const Rule& rule_empty_continuation() {
  static const Rule rule{
      {.slug = "empty-continuation",
       .summary = "Blank line inside a continued instruction",
       .severity = Severity::kWarning,
       .aliases = {"NoEmptyContinuation"},
       .doc = {.what = "Reports an empty line in the middle of an instruction continued with `\\`.",
               .why = "Docker silently drops the blank line today, but warns that it will become "
                      "an error; it is also easy to misread as the end of the instruction.",
               .example = "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
               .instead = "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
