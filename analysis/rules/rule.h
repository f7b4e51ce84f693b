// A rule: its public metadata (slug, severity, aliases, documentation) and its check function.
// Each rule lives in analysis/rules/<slug>.cpp and defines `const Rule& rule_<name>()`, listed
// in rule_list.inc so the registry (registry.h) can find it.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"

namespace whalesafe::rules {

using findings::Severity;

class RuleContext;
class Reporter;

// What a rule's fixes are, as documented; each Fix carries its own applicability.
enum class FixKind {
  kNone,          // reports only
  kSafe,          // every fix is safe
  kUnsafe,        // every fix may change the build's meaning
  kSafeOrUnsafe,  // depends on the code (the rule's doc says when)
};
std::string_view fix_kind_name(FixKind kind);  // "none", "safe", "unsafe", "safe or unsafe"

// The documentation printed by `whalesafe rule <slug>` and collected in docs/rules.md.
// `example` must trigger the rule and `instead` must not (tests/rules checks both).
struct RuleDoc {
  std::string_view what = {};     // what the rule reports
  std::string_view why = {};      // why that is a problem
  std::string_view example = {};  // a Dockerfile the rule reports
  std::string_view instead = {};  // the same Dockerfile written well
  std::string_view fix = {};      // how the fix works and why it is (un)safe; empty without a fix
};

struct RuleInfo {
  std::string_view slug = {};     // stable, kebab-case: the public name of the rule
  std::string_view summary = {};  // one line
  Severity severity = Severity::kWarning;
  bool enabled_by_default = true;
  // Equivalent IDs in other tools: hadolint (DL3006), BuildKit checks (JSONArgsRecommended),
  // Trivy (DS001), Checkov (CKV_DOCKER_7). One alias may map to several rules.
  std::vector<std::string_view> aliases = {};
  FixKind fix = FixKind::kNone;
  RuleDoc doc = {};
};

// Reports this rule's findings for one document.
using CheckFn = void (*)(const RuleContext& context, Reporter& reporter);

// What a rule's findings depend on, which decides what a re-analysis may reuse.
enum class RuleScope {
  // Anything in the document: the rule runs on the whole document at every analysis.
  kDocument,
  // One top-level instruction at a time: every finding lies on the lines of one instruction
  // (its fixes too), and what the rule reports there depends only on those lines (their
  // bytes, leading indentation and line break included), the parser directives, the
  // settings, and the instruction's place: which stage it is in, whether that stage reaches
  // the final image, and what the FROM and SHELL instructions of its stage and of the stages
  // it is built FROM say (its base image, the shell that runs a RUN), with the global ARGs
  // those FROM lines expand. Not on other stages' FROM or SHELL instructions, other
  // instructions' bytes, variables set elsewhere, or line numbers. A re-analysis then reuses
  // the findings of every instruction whose lines and place did not change
  // (instruction_memo.h); the rule sees a context holding only the instruction it is asked
  // about.
  kInstruction,
};

struct Rule {
  RuleInfo info;
  // nullptr for rules whose findings the runner itself produces (the suppression rules).
  CheckFn check = nullptr;
  RuleScope scope = RuleScope::kDocument;
};

}  // namespace whalesafe::rules
