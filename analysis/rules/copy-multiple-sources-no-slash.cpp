// copy-multiple-sources-no-slash: COPY/ADD with several sources into a destination that does
// not end with `/`.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    const std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (operands.empty()) continue;
    std::size_t heredocs = 0;
    syntax::for_each_child_with_field(
        i, [&](TSNode, std::string_view f) { heredocs += f == "heredoc"; });
    const std::size_t sources = operands.size() - 1 + heredocs;
    const PathOperand& dest = operands.back();
    // A variable may end with a slash.
    if (sources < 2 || uses_variable(dest)) continue;
    // BuildKit removes quotes from shell-form operands (JSON strings are already unquoted).
    const std::string_view dest_path = strip_quotes(dest.text);
    // `.` and `..` name directories too; Windows directories may end with a backslash.
    if (dest_path.ends_with('/') || dest_path.ends_with('\\') || dest_path == "." ||
        dest_path == ".." || dest_path.ends_with("/.") || dest_path.ends_with("/..")) {
      continue;
    }
    // Insert the slash inside a quoted destination ("dir" or a JSON string), else at its end.
    const std::string_view raw = ctx.text(dest.node);
    const bool quoted =
        raw.size() >= 2 && (raw.back() == '"' || raw.back() == '\'') && raw.front() == raw.back();
    const uint32_t at = ts_node_end_byte(dest.node) - (quoted ? 1 : 0);
    findings::Fix fix{
        "Add a trailing slash to the destination", findings::Applicability::kSafe, {{at, at, "/"}}};
    reporter.report(dest.node,
                    fmt::format("{} copies {} sources into '{}', which must then be a directory "
                                "ending with '/'",
                                instruction_name(i), sources, dest_path),
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_copy_multiple_sources_no_slash() {
  static const Rule rule{
      {.slug = "copy-multiple-sources-no-slash",
       .summary = "With several sources, the destination must end with /",
       .severity = Severity::kError,
       .aliases = {"DL3021", "DS011"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `COPY` and `ADD` with two or more sources (heredocs included) "
                       "whose destination does not end with `/` (or `\\` on Windows) and is "
                       "not `.` or `..`. A destination built from a variable is not reported.",
               .why = "With several sources the destination can only be a directory, and "
                      "the Dockerfile reference requires it to end with `/`; without it the "
                      "build fails, or, with one source left after a refactoring, silently "
                      "creates a file named like the directory.",
               .example = "FROM node:22-slim\nCOPY package.json package-lock.json /app\n",
               .instead = "FROM node:22-slim\nCOPY package.json package-lock.json /app/\n",
               .fix = "Appends `/` to the destination (inside its quotes, if any). Safe: with "
                      "several sources the destination is a directory either way."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
