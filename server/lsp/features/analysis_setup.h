// AnalysisSetup: the configuration in force for a document (its `.whalesafe.yaml` /
// `.hadolint.yaml`, found from the document's directory upward, as `whalesafe check` does) and
// the rules it selects. SetupCache resolves and shares them per set of configuration files.
// The editor's own settings (workspace/configuration, section "whalesafe") apply on top of the
// files. Used by the analysis worker only (not thread-safe).
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "lsp/protocol/log.h"
#include "rules/runner.h"

namespace whalesafe::lsp::features {

// The client's settings, section "whalesafe" of workspace/configuration: every key of
// .whalesafe.yaml (`rules`, `trusted-registries`, `eol-grace-days`...), applied after the
// configuration files, and `unsafeFixes` (default true): whether quick fixes that change the
// image are offered.
struct ClientSettings {
  nlohmann::json config = nlohmann::json::object();  // .whalesafe.yaml keys
  bool unsafe_fixes = true;
};

// Reads the "whalesafe" section as the client sent it (null or not an object: the defaults).
// Problems (a key of the wrong type) are returned as messages; what is usable still applies.
ClientSettings parse_client_settings(const nlohmann::json& section,
                                     std::vector<std::string>& problems);

struct AnalysisSetup {
  config::Config config;
  rules::RuleSelection selection;
  bool unsafe_fixes = true;
};

class SetupCache {
 public:
  explicit SetupCache(protocol::Log& log) : log_(log) {}

  // The setup for a document at `path` (nullopt: not a local file, defaults apply). A file
  // that cannot be read is logged and skipped, so the document is still checked.
  std::shared_ptr<const AnalysisSetup> for_document(const std::optional<std::string>& path);

  // Forgets every setup (a configuration file changed) and uses `settings` from now on.
  void reset(ClientSettings settings);

 private:
  protocol::Log& log_;
  ClientSettings client_;
  std::map<std::string, std::shared_ptr<const AnalysisSetup>> cache_;
};

}  // namespace whalesafe::lsp::features
