// Inline suppressions:
//   # hadolint ignore=DL3006,DL3008      the next instruction (names through aliases)
//   # hadolint global ignore=DL3006      the whole file
//   # whalesafe ignore=slug,...          the next instruction
//   # whalesafe stage ignore=slug,...    the rest of the stage the comment is in
//   # whalesafe global ignore=slug,...   the whole file
//   # check=skip=Name,...|all            BuildKit's parser directive: the whole file
// Text after the list (separated by a blank) is a free-form reason and is ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/registry.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {

enum class SuppressionKind { kHadolint, kWhalesafe, kBuildkitCheck };
enum class SuppressionScope { kNextInstruction, kStage, kFile };

struct SuppressedName {
  std::string name;  // as written
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  bool all = false;  // `check=skip=all`
  ResolvedName resolved;
};

struct Suppression {
  SuppressionKind kind = SuppressionKind::kWhalesafe;
  SuppressionScope scope = SuppressionScope::kNextInstruction;
  uint32_t comment_start = 0;  // the comment or directive line (without the line ending)
  uint32_t comment_end = 0;
  uint32_t scope_start = 0;  // bytes whose diagnostics it suppresses: [scope_start, scope_end)
  uint32_t scope_end = 0;
  std::vector<SuppressedName> names;
};

// All suppressions of the document, in source order. A next-instruction suppression with no
// instruction after it covers nothing (and is then reported as unused). Found once per context
// (the runner and two rules ask).
const std::vector<Suppression>& find_suppressions(const RuleContext& context);

// "hadolint ignore", "whalesafe global ignore", "check=skip", ... for messages.
std::string describe(const Suppression& suppression);

}  // namespace whalesafe::rules
