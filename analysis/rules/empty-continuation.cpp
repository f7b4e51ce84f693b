// empty-continuation: blank lines inside a continued instruction (BuildKit warns; a future
// Dockerfile syntax will reject them).
#include <optional>

#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::string& text = ctx.document().text();
  for (const syntax::Diagnostic& d : ctx.syntax_diagnostics()) {
    if (d.severity != syntax::Severity::kWarning ||
        d.code != syntax::diagnostic_code::kEmptyContinuation) {
      continue;
    }
    // The diagnostic sits on the blank line; the fix deletes that whole line.
    const uint32_t row = ctx.document().point_at(d.start_byte).row;
    const uint32_t start = ctx.document().line_start(row);
    const std::size_t newline = text.find('\n', start);
    std::optional<findings::Fix> fix;
    if (newline != std::string::npos && text.find_first_not_of(" \t\r", start) == newline) {
      fix = findings::Fix{"Remove the empty line",
                          findings::Applicability::kSafe,
                          {{start, static_cast<uint32_t>(newline + 1), ""}}};
    }
    reporter.report(d.start_byte, d.end_byte, "empty continuation line", std::move(fix));
  }
}

}  // namespace

const Rule& rule_empty_continuation() {
  static const Rule rule{
      {.slug = "empty-continuation",
       .summary = "Blank line inside a continued instruction",
       .severity = Severity::kWarning,
       .aliases = {"NoEmptyContinuation"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports an empty line in the middle of an instruction continued with `\\`.",
               .why = "Docker silently drops the blank line today, but warns that it will become "
                      "an error; it is also easy to misread as the end of the instruction.",
               .example = "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
               .instead = "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n",
               .fix = "Deletes the empty line. Safe: Docker ignores it today."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
