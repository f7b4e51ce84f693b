// legacy-env-format: `ENV key value` and `LABEL key value` (the form without `=`).
#include <fmt/format.h>

#include "model/word_expansion.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

// True when the pair has no `=` between name and value: the legacy one-pair form.
bool is_legacy(TSNode pair) {
  bool has_equals = false;
  syntax::for_each_child(pair, [&](TSNode c) { has_equals |= syntax::type_of(c) == "="; });
  return !has_equals;
}

// The `key=value` word with the same meaning as the legacy raw value. BuildKit takes the legacy
// value as the raw rest of the line and then processes quotes, escapes and variables in it as
// one word; the `=` form splits words on blanks first. So quoted text and escapes stay as they
// are, and only blanks outside quotes need protecting: inside double quotes when the value has
// no quotes or escapes of its own, else each blank escaped with the escape character.
std::string rewrite(std::string_view value, char escape) {
  const bool simple = value.find_first_of("\"'") == std::string_view::npos &&
                      value.find(escape) == std::string_view::npos;
  if (simple) {
    if (value.find_first_of(" \t") == std::string_view::npos) return std::string(value);
    return fmt::format("\"{}\"", value);
  }
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == escape && quote != '\'' && i + 1 < value.size()) {
      out += c;
      out += value[++i];
      continue;
    }
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (quote != 0 && c == quote) {
      quote = 0;
    } else if (quote == 0 && (c == ' ' || c == '\t')) {
      out += escape;
    }
    out += c;
  }
  return out;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_types({"env_instruction", "label_instruction"})) {
    const std::vector<TSNode> pairs = fields(i, "pair");
    if (pairs.size() != 1 || !is_legacy(pairs.front())) continue;
    const TSNode name = field(pairs.front(), "name");
    const TSNode value = field(pairs.front(), "value");
    if (ts_node_is_null(name) || ts_node_is_null(value)) continue;
    const std::string keyword = instruction_name(i);
    const std::string_view value_text = ctx.text(value);
    std::optional<findings::Fix> fix;
    std::string no_fix;
    // A value BuildKit cannot process (`${` unclosed, a bad substitution, an open quote) fails
    // the build in either form, and the `=` form would add a syntax error where the legacy
    // form, whose value is raw text to the parser, has none: no fix. Every variable counts as
    // set here, so that only the value's own syntax can fail.
    const model::WordExpansion processed = model::expand_word(
        value_text, [](std::string_view) { return std::optional<std::string_view>("x"); },
        ctx.directives().escape);
    if (processed.error) {
      std::string_view why = processed.error->message;
      if (why.starts_with("syntax error: ")) why.remove_prefix(14);
      // BuildKit words `${NAME` at the end of the text as a modifier U+FFFD (its EOF rune).
      if (why.starts_with("unsupported modifier (\xEF\xBF\xBD)")) why = "missing '}'";
      no_fix = fmt::format(" (no automatic fix: the value is malformed: {})", why);
    } else if (value_text.find('\n') == std::string_view::npos) {
      // A value continued over several lines is left alone: its line breaks would need care.
      const uint32_t start = ts_node_end_byte(name);
      fix = findings::Fix{
          fmt::format("Write {} {}=...", keyword, ctx.text(name)),
          findings::Applicability::kSafe,
          {{start, ts_node_end_byte(value), "=" + rewrite(value_text, ctx.directives().escape)}}};
    }
    reporter.report(pairs.front(),
                    fmt::format("legacy '{0} {1} value' form; write '{0} {1}=value'{2}", keyword,
                                ctx.text(name), no_fix),
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_legacy_env_format() {
  static const Rule rule{
      {.slug = "legacy-env-format",
       .summary = "Use `ENV key=value`, not `ENV key value`",
       .severity = Severity::kWarning,
       .aliases = {"LegacyKeyValueFormat"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `ENV` and `LABEL` instructions in the legacy form without `=`, "
                       "where everything after the key is the value.",
               .why = "The legacy form is deprecated and ambiguous to read: `ENV PATH /a /b` "
                      "sets one variable to `/a /b`, and it cannot set several variables "
                      "at once. It may be removed from a future Dockerfile syntax.",
               .example = "FROM alpine:3.20\nENV APP_HOME /srv/app\nENV GREETING hello world\n",
               .instead = "FROM alpine:3.20\nENV APP_HOME=/srv/app\nENV GREETING=\"hello world\"\n",
               .fix = "Inserts `=` and quotes the value when it contains blanks (with "
                      "escapes when it already contains quotes), so the variable keeps the "
                      "exact same value. Safe. Values continued over several lines are not "
                      "rewritten, nor values BuildKit cannot process (an unclosed `${`, an "
                      "open quote): the build fails on those in either form."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
