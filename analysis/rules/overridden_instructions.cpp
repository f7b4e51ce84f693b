#include "rules/overridden_instructions.h"

#include <fmt/format.h>

#include "rules/node_util.h"

namespace whalesafe::rules {

void report_overridden(const RuleContext& ctx, Reporter& reporter, std::string_view node_type) {
  for (const SyntaxStage& stage : ctx.stages()) {
    std::vector<TSNode> found;
    for (TSNode i : stage.body) {
      if (is_type(i, node_type)) found.push_back(i);
    }
    if (found.size() < 2) continue;
    const TSNode last = found.back();
    const uint32_t last_line = ctx.document().line_col(ts_node_start_byte(last)).line;
    const std::string name = instruction_name(last);
    for (std::size_t k = 0; k + 1 < found.size(); ++k) {
      reporter.report(found[k], fmt::format("this {} has no effect: the {} on line {} replaces it",
                                            name, name, last_line));
    }
  }
}

}  // namespace whalesafe::rules
