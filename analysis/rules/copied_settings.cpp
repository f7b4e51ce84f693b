#include "rules/copied_settings.h"

#include "rules/node_util.h"
#include "syntax/heredocs.h"

namespace whalesafe::rules {

std::vector<CopiedSetting> copied_settings(const RuleContext& ctx,
                                           const std::vector<SettingSpec>& specs) {
  std::vector<CopiedSetting> out;
  const std::string& doc = ctx.document().text();
  for (TSNode i : ctx.instructions_of_types({"copy_instruction", "add_instruction"})) {
    for (const syntax::Heredoc& h : syntax::heredocs_of(ctx.document(), i)) {
      if (ts_node_is_null(h.body) || h.content.empty()) continue;
      const std::size_t at = doc.find(h.content, ts_node_start_byte(h.body));
      if (at == std::string::npos || at > ts_node_end_byte(h.body)) continue;
      for (const SettingMatch& m : find_settings(h.content, specs)) {
        const auto start = static_cast<uint32_t>(at) + m.start;
        const auto end = static_cast<uint32_t>(at) + m.end;
        out.push_back({m.spec, start, end, doc.substr(start, end - start)});
      }
    }
  }
  return out;
}

}  // namespace whalesafe::rules
