// multiple-cmd: more than one CMD in a stage (only the last one takes effect).
#include "rules/overridden_instructions.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  report_overridden(ctx, reporter, "cmd_instruction");
}

}  // namespace

const Rule& rule_multiple_cmd() {
  static const Rule rule{
      {.slug = "multiple-cmd",
       .summary = "Only the last CMD of a stage takes effect",
       .severity = Severity::kWarning,
       .aliases = {"DL4003", "MultipleInstructionsDisallowed", "DS016"},
       .doc = {.what = "Reports a `CMD` that a later `CMD` of the same stage replaces.",
               .why = "A stage has one command; an earlier `CMD` is silently replaced by the last "
                      "one. Two `CMD`s usually mean a leftover or a misunderstanding (only one "
                      "process is started; chain commands in a script instead).",
               .example = "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\nCMD "
                          "[\"python\", \"app.py\"]\n",
               .instead = "FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
