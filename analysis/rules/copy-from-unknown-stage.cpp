// copy-from-unknown-stage: `COPY --from=` naming a stage index that does not exist before the
// COPY, or the name of a stage defined after it.
#include <fmt/format.h>

#include <charconv>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

std::optional<std::size_t> as_index(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<SyntaxStage>& stages = ctx.stages();
  for (const SyntaxStage& stage : stages) {
    for (TSNode i : stage.body) {
      if (!is_type(i, "copy_instruction")) continue;
      const std::optional<FlagRef> from = find_flag(ctx.document(), i, "from");
      if (!from || ts_node_is_null(from->value) || contains_expansion(from->value)) continue;
      const std::string_view written = strip_quotes(ctx.text(from->value));
      if (const std::optional<std::size_t> index = as_index(written)) {
        // Its own index is copy-from-self's finding.
        if (*index > stage.index) {
          reporter.report(from->value,
                          fmt::format("COPY --from={}: stage {} is not defined before this "
                                      "COPY (stages are numbered from 0)",
                                      written, *index));
        }
        continue;
      }
      const std::string name = ascii_lower(written);
      for (const SyntaxStage& later : stages) {
        if (later.index <= stage.index || later.name != name) continue;
        reporter.report(
            from->value,
            fmt::format("COPY --from={}: the stage '{}' is defined after this COPY "
                        "(line {}), so '{}' is taken as an image name",
                        written, written,
                        ctx.document().line_col(ts_node_start_byte(later.from)).line, written));
        break;
      }
    }
  }
}

}  // namespace

const Rule& rule_copy_from_unknown_stage() {
  static const Rule rule{
      {.slug = "copy-from-unknown-stage",
       .summary = "COPY --from must name an earlier stage",
       .severity = Severity::kError,
       .aliases = {"DL3022"},
       .doc = {.what = "Reports `COPY --from=<n>` where no stage number `n` comes before the "
                       "`COPY`, and `COPY --from=<name>` where `name` is a stage defined "
                       "later in the file. Other names are image references (`--from=nginx`) "
                       "and are not reported.",
               .why = "Only earlier stages can be copied from. A stage number out of range "
                      "fails the build; a later stage's name is silently looked up as an image "
                      "on a registry, which copies someone else's files or fails far from the "
                      "mistake.",
               .example = "FROM alpine:3.20\nCOPY --from=build /out /app\n\n"
                          "FROM golang:1.23 AS build\nRUN go build -o /out .\n",
               .instead = "FROM golang:1.23 AS build\nRUN go build -o /out .\n\n"
                          "FROM alpine:3.20\nCOPY --from=build /out /app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
