// AnalysisSetup: the configuration in force for a document (its `.whalesafe.yaml` /
// `.hadolint.yaml`, found from the document's directory upward, as `whalesafe check` does) and
// the rules it selects. SetupCache resolves and shares them per set of configuration files.
// Used by the analysis worker only (not thread-safe).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "lsp/protocol/log.h"
#include "rules/runner.h"

namespace whalesafe::lsp::features {

struct AnalysisSetup {
  config::Config config;
  rules::RuleSelection selection;
};

class SetupCache {
 public:
  explicit SetupCache(protocol::Log& log) : log_(log) {}

  // The setup for a document at `path` (nullopt: not a local file, defaults apply). A file
  // that cannot be read is logged and skipped, so the document is still checked.
  std::shared_ptr<const AnalysisSetup> for_document(const std::optional<std::string>& path);

 private:
  protocol::Log& log_;
  std::map<std::string, std::shared_ptr<const AnalysisSetup>> cache_;
};

}  // namespace whalesafe::lsp::features
