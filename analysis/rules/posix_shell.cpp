#include "rules/posix_shell.h"

#include <string>

#include "rules/node_util.h"
#include "shell/shell_source.h"

namespace whalesafe::rules {
namespace {

bool is_windows_image(std::string_view reference) {
  const std::string r = ascii_lower(reference);
  return r.find("windows") != std::string::npos || r.find("nanoserver") != std::string::npos ||
         r.find("servercore") != std::string::npos;
}

}  // namespace

bool runs_in_posix_shell(const RuleContext& ctx, TSNode instruction) {
  const model::Model& m = ctx.model();
  const model::InstructionInfo* info = m.instruction_at(ts_node_start_byte(instruction));
  if (info == nullptr) return true;
  if (!info->shell.is_default()) {
    return !info->shell.argv.empty() && shell::is_shell_program(info->shell.argv.front());
  }
  if (info->stage < 0 || static_cast<std::size_t>(info->stage) >= m.stages.size()) return true;
  // Follow `FROM <stage>` to the image the chain starts from.
  const model::Stage* stage = &m.stages[static_cast<std::size_t>(info->stage)];
  for (std::size_t hops = 0; stage->base.stage && hops < m.stages.size(); ++hops) {
    stage = &m.stages[*stage->base.stage];
  }
  return !(stage->base.resolved && is_windows_image(*stage->base.resolved));
}

}  // namespace whalesafe::rules
