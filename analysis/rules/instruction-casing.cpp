// instruction-casing: keywords (FROM, RUN, AS, ...) written in mixed case, or in a case other
// than the one most of the file uses.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

enum class Casing { kUpper, kLower, kMixed };

// Upper when no letter is lower case (a word without letters too), lower when none is upper.
Casing casing_of(std::string_view word) {
  bool lower = false;
  bool upper = false;
  for (const char c : word) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  if (!lower) return Casing::kUpper;
  return upper ? Casing::kMixed : Casing::kLower;
}

// Instruction keywords, including those wrapped by ONBUILD, and FROM's `AS`.
void collect_keywords(TSNode instruction, std::vector<TSNode>& out) {
  const TSNode keyword = keyword_node(instruction);
  if (!ts_node_is_null(keyword)) out.push_back(keyword);
  // Only ONBUILD wraps an instruction and only FROM has `AS`: the other instructions' children
  // (every word of a long RUN) need not be visited.
  const std::string_view type = syntax::type_of(instruction);
  if (type != syntax::node_type::kOnbuild && type != "from_instruction") return;
  syntax::for_each_child_with_field(instruction, [&](TSNode child, std::string_view f) {
    if (f == "instruction" && syntax::is_instruction(child)) collect_keywords(child, out);
    if (f.empty() && syntax::type_of(child) == "AS") out.push_back(child);
  });
}

void check(const RuleContext& ctx, Reporter& reporter) {
  std::vector<TSNode> keywords;
  for (TSNode i : ctx.instructions()) collect_keywords(i, keywords);
  // Like BuildKit, the majority decides; a tie (or a file of mixed-case words) means upper.
  std::size_t upper = 0;
  std::size_t lower = 0;
  for (TSNode k : keywords) {
    const Casing c = casing_of(ctx.text(k));
    upper += c == Casing::kUpper;
    lower += c == Casing::kLower;
  }
  const Casing expected = lower > upper ? Casing::kLower : Casing::kUpper;
  for (TSNode k : keywords) {
    const std::string_view word = ctx.text(k);
    const Casing c = casing_of(word);
    if (c == expected) continue;
    const std::string wanted = expected == Casing::kUpper ? ascii_upper(word) : ascii_lower(word);
    const std::string message =
        c == Casing::kMixed
            ? fmt::format("'{}' is written in mixed case; write '{}'", word, wanted)
            : fmt::format("'{}' is not in the {} case the rest of the file uses; write '{}'", word,
                          expected == Casing::kUpper ? "upper" : "lower", wanted);
    findings::Fix fix{
        fmt::format("Write '{}'", wanted), findings::Applicability::kSafe, {replace(k, wanted)}};
    reporter.report(k, message, std::move(fix));
  }
}

}  // namespace

const Rule& rule_instruction_casing() {
  static const Rule rule{
      {.slug = "instruction-casing",
       .summary = "Instruction keywords should use one consistent case",
       .severity = Severity::kStyle,
       .aliases = {"ConsistentInstructionCasing", "FromAsCasing"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports instruction keywords (and the `AS` of `FROM ... AS name`) that "
                       "are in mixed case, or not in the case most keywords of the file use.",
               .why = "Keywords are case-insensitive, so nothing breaks, but a file that mixes "
                      "`RUN` and `run` is harder to scan, and `From` reads like a typo.",
               .example = "FROM alpine:3.20 as build\nrun echo hello > /greeting\n",
               .instead = "FROM alpine:3.20 AS build\nRUN echo hello > /greeting\n",
               .fix = "Rewrites the keyword in the expected case. Safe: keywords are "
                      "case-insensitive."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
