// unknown-instruction: a line that starts with a word no Dockerfile instruction has.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

constexpr std::array<std::string_view, 18> kInstructions{
    "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

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
  for (TSNode i : ctx.instructions()) {
    if (!is_type(i, "unknown_instruction")) continue;
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
