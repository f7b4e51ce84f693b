// unknown-instruction: a line that starts with a word no Dockerfile instruction has.
#include <fmt/format.h>

#include <array>

#include "rules/name_suggestion.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

constexpr std::array<std::string_view, 18> kInstructions{
    "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};

// The instruction the word is most likely a typo of (at most two edits away), or "".
std::string_view suggestion(std::string_view word) {
  const std::string upper = ascii_upper(word);
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : kInstructions) {
    const std::size_t d = edit_distance(upper, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("unknown_instruction")) {
    const TSNode keyword = keyword_node(i);
    const std::string_view word = ctx.text(keyword);
    const std::string_view maybe = suggestion(word);
    reporter.report(keyword,
                    maybe.empty()
                        ? fmt::format("unknown instruction '{}'", word)
                        : fmt::format("unknown instruction '{}'; did you mean '{}'?", word, maybe));
  }
}

}  // namespace

const Rule& rule_unknown_instruction() {
  static const Rule rule{
      {.slug = "unknown-instruction",
       .summary = "Every line must start with a Dockerfile instruction",
       .severity = Severity::kError,
       .doc = {.what = "Reports a line starting with a word that is not an instruction, "
                       "suggesting the instruction it is probably a typo of.",
               .why = "The build fails on it (\"unknown instruction\"). It is often a typo, "
                      "or a shell command whose `RUN` or continuation `\\` went missing.",
               .example = "FROM alpine:3.20\nRUN apk add curl\nCOPPY app /app\n",
               .instead = "FROM alpine:3.20\nRUN apk add curl\nCOPY app /app\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
