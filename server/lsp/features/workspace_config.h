// The editor's side of configuration: the "whalesafe" settings section, read with
// workspace/configuration (after `initialized` and on workspace/didChangeConfiguration) or
// pushed in didChangeConfiguration by clients that cannot be asked, and changes to
// `.whalesafe.yaml` / `.hadolint.yaml` reported by workspace/didChangeWatchedFiles (a watcher the
// server registers when the client allows dynamic registration). Every change checks the open
// documents again.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "lsp/features/document_service.h"
#include "lsp/protocol/server.h"

namespace whalesafe::lsp::features {

// True for the file names the configuration is read from (.whalesafe.yaml, .hadolint.yml...).
bool is_config_file_name(std::string_view name);

class WorkspaceConfig {
 public:
  // Registers the handlers; both arguments must outlive this object.
  WorkspaceConfig(protocol::Server& server, DocumentService& documents);

 private:
  void initialized();
  void did_change_configuration(json& params);
  void did_change_watched_files(json& params);
  // Asks the client for the "whalesafe" section and applies the answer.
  void fetch();
  void apply(const json& section);

  protocol::Server& server_;
  DocumentService& documents_;
  uint64_t fetches_ = 0;  // the newest fetch's number: older answers are dropped
};

}  // namespace whalesafe::lsp::features
