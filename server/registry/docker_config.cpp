#include "registry/docker_config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "net/base64.h"
#include "registry/reference.h"

namespace whalesafe::registry {

std::string normalize_registry_key(std::string_view key) {
  if (const std::size_t scheme = key.find("://"); scheme != std::string_view::npos) {
    key.remove_prefix(scheme + 3);
  }
  key = key.substr(0, std::min(key.find('/'), key.size()));
  std::string out(key);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out == "index.docker.io" || out == "registry-1.docker.io" ||
      out == "registry.hub.docker.com") {
    out = std::string(kDockerHub);
  }
  return out;
}

std::optional<std::filesystem::path> DockerConfig::default_path() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0') {
    return std::filesystem::path(dir) / "config.json";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".docker" / "config.json";
  }
  return std::nullopt;
}

DockerConfig DockerConfig::load(const std::filesystem::path& path, std::string* warning) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    if (warning != nullptr) *warning = "cannot read " + path.string();
    return {};
  }
  std::string why;
  DockerConfig config = parse(text.str(), &why);
  if (!why.empty() && warning != nullptr) *warning = path.string() + ": " + why;
  return config;
}

DockerConfig DockerConfig::parse(std::string_view json_text, std::string* warning) {
  DockerConfig config;
  const nlohmann::json json = nlohmann::json::parse(json_text, nullptr, false);
  if (!json.is_object()) {
    if (warning != nullptr) *warning = "not a JSON object; no credentials read";
    return config;
  }
  if (const auto auths = json.find("auths"); auths != json.end() && auths->is_object()) {
    for (const auto& [key, entry] : auths->items()) {
      if (!entry.is_object()) continue;
      Credentials credentials;
      if (const auto auth = entry.find("auth"); auth != entry.end() && auth->is_string()) {
        const std::optional<std::string> decoded = net::base64_decode(auth->get<std::string>());
        const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
          if (warning != nullptr)
            *warning = "the `auth` of '" + key + "' is not base64 user:password";
          continue;
        }
        credentials.username = decoded->substr(0, colon);
        credentials.password = decoded->substr(colon + 1);
      } else if (entry.contains("username") && entry.contains("password") &&
                 entry["username"].is_string() && entry["password"].is_string()) {
        credentials.username = entry["username"].get<std::string>();
        credentials.password = entry["password"].get<std::string>();
      } else {
        continue;  // e.g. an entry that only records a helper login
      }
      config.auths_.emplace(normalize_registry_key(key), std::move(credentials));
    }
  }
  if (const auto store = json.find("credsStore"); store != json.end() && store->is_string()) {
    config.default_helper_ = store->get<std::string>();
  }
  if (const auto helpers = json.find("credHelpers");
      helpers != json.end() && helpers->is_object()) {
    for (const auto& [key, helper] : helpers->items()) {
      if (helper.is_string())
        config.helpers_[normalize_registry_key(key)] = helper.get<std::string>();
    }
  }
  return config;
}

std::optional<Credentials> DockerConfig::find(std::string_view registry) const {
  const auto it = auths_.find(normalize_registry_key(registry));
  if (it == auths_.end()) return std::nullopt;
  return it->second;
}

std::string DockerConfig::helper_for(std::string_view registry) const {
  const auto it = helpers_.find(normalize_registry_key(registry));
  return it != helpers_.end() ? it->second : default_helper_;
}

}  // namespace whalesafe::registry
