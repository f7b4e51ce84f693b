#include "lsp/features/workspace_config.h"

#include <filesystem>
#include <string>
#include <vector>

#include "lsp/protocol/types.h"
#include "lsp/protocol/uri.h"

namespace whalesafe::lsp::features {
namespace {

using protocol::at_path;

constexpr const char* kSection = "whalesafe";

// LSP's WatchKind: Create | Change | Delete.
constexpr int kWatchAll = 7;

}  // namespace

bool is_config_file_name(std::string_view name) {
  return name == ".whalesafe.yaml" || name == ".whalesafe.yml" || name == ".hadolint.yaml" ||
         name == ".hadolint.yml";
}

WorkspaceConfig::WorkspaceConfig(protocol::Server& server, DocumentService& documents)
    : server_(server), documents_(documents) {
  server.on_notification("initialized", [this](json&) { initialized(); });
  server.on_notification("workspace/didChangeConfiguration",
                         [this](json& p) { did_change_configuration(p); });
  server.on_notification("workspace/didChangeWatchedFiles",
                         [this](json& p) { did_change_watched_files(p); });
}

void WorkspaceConfig::initialized() {
  const json& caps = server_.client_capabilities();
  json registrations = json::array();
  if (at_path(caps, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"}) == true) {
    json watchers = json::array();
    for (const char* name :
         {".whalesafe.yaml", ".whalesafe.yml", ".hadolint.yaml", ".hadolint.yml"}) {
      watchers.push_back({{"globPattern", std::string("**/") + name}, {"kind", kWatchAll}});
    }
    registrations.push_back({{"id", "whalesafe-config-files"},
                             {"method", "workspace/didChangeWatchedFiles"},
                             {"registerOptions", {{"watchers", std::move(watchers)}}}});
  }
  // Some clients (VS Code) send didChangeConfiguration only to servers that register for it.
  if (at_path(caps, {"workspace", "didChangeConfiguration", "dynamicRegistration"}) == true) {
    registrations.push_back({{"id", "whalesafe-settings"},
                             {"method", "workspace/didChangeConfiguration"},
                             {"registerOptions", {{"section", kSection}}}});
  }
  if (!registrations.empty()) {
    server_.request("client/registerCapability", {{"registrations", std::move(registrations)}},
                    [this](const json&, const json& error) {
                      if (!error.is_null()) {
                        server_.log().warning(
                            "the client refused to watch the configuration "
                            "files: " +
                            error.dump());
                      }
                    });
  }
  if (at_path(caps, {"workspace", "configuration"}) == true) fetch();
}

void WorkspaceConfig::fetch() {
  const uint64_t number = ++fetches_;
  server_.request("workspace/configuration", {{"items", json::array({{{"section", kSection}}})}},
                  [this, number](const json& result, const json& error) {
                    if (number != fetches_) return;  // a newer fetch is under way
                    if (!error.is_null()) {
                      server_.log().warning("workspace/configuration failed: " + error.dump());
                      return;
                    }
                    apply(result.is_array() && !result.empty() ? result[0] : json());
                  });
}

void WorkspaceConfig::apply(const json& section) {
  std::vector<std::string> problems;
  ClientSettings settings = parse_client_settings(section, problems);
  for (const std::string& p : problems) server_.log().warning(p);
  server_.log().info("settings: " + (section.is_null() ? std::string("defaults") : section.dump()));
  documents_.reconfigure(std::move(settings));
}

void WorkspaceConfig::did_change_configuration(json& params) {
  // The specification's recommended model: the notification says "something changed", the
  // server asks for what it needs. Clients that cannot be asked push the settings instead.
  if (at_path(server_.client_capabilities(), {"workspace", "configuration"}) == true) {
    fetch();
    return;
  }
  ++fetches_;  // an answer to an older fetch must not override what is pushed now
  apply(at_path(params, {"settings", kSection}));
}

void WorkspaceConfig::did_change_watched_files(json& params) {
  const json& changes = protocol::member(params, "changes", "params");
  if (!changes.is_array()) throw protocol::InvalidParams("params.changes: expected an array");
  for (const json& change : changes) {
    const std::string uri = protocol::string_member(change, "uri", "params.changes[]");
    const std::optional<std::string> path = protocol::file_path_from_uri(uri);
    if (path && is_config_file_name(std::filesystem::path(*path).filename().string())) {
      server_.log().info("configuration file changed: " + *path);
      documents_.reconfigure(std::nullopt);
      return;
    }
  }
}

}  // namespace whalesafe::lsp::features
