#include "rules/posix_shell.h"

#include <string>
#include <vector>

#include "rules/node_util.h"
#include "shell/shell_source.h"

namespace whalesafe::rules {
namespace {

bool is_windows_image(std::string_view reference) {
  const std::string r = ascii_lower(reference);
  return r.find("windows") != std::string::npos || r.find("nanoserver") != std::string::npos ||
         r.find("servercore") != std::string::npos;
}

// Per stage, whether the image its `FROM <stage>` chain starts from is a Windows image:
// found once per context, for the many RUNs rules ask about.
struct WindowsStages {
  std::vector<char> windows;
};

const WindowsStages& windows_stages(const RuleContext& ctx) {
  return ctx.shared_fact<WindowsStages>([&] {
    const model::Model& m = ctx.model();
    WindowsStages out;
    out.windows.reserve(m.stages.size());
    for (const model::Stage& first : m.stages) {
      // Follow `FROM <stage>` to the image the chain starts from.
      const model::Stage* stage = &first;
      for (std::size_t hops = 0; stage->base.stage && hops < m.stages.size(); ++hops) {
        stage = &m.stages[*stage->base.stage];
      }
      out.windows.push_back(stage->base.resolved && is_windows_image(*stage->base.resolved));
    }
    return out;
  });
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
  return !windows_stages(ctx).windows[static_cast<std::size_t>(info->stage)];
}

}  // namespace whalesafe::rules
