// Settings (setting_scan.h) in files a COPY or ADD heredoc creates (`COPY <<EOF
// /etc/yum.repos.d/x.repo`), which configure the package managers of later RUNs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/rule_context.h"
#include "rules/setting_scan.h"

namespace whalesafe::rules {

struct CopiedSetting {
  std::size_t spec = 0;  // index into the specs searched
  uint32_t start = 0;    // the key through the value, in the Dockerfile
  uint32_t end = 0;
  std::string text;
};

std::vector<CopiedSetting> copied_settings(const RuleContext& ctx,
                                           const std::vector<SettingSpec>& specs);

}  // namespace whalesafe::rules
