#include "lsp/features/analysis_setup.h"

#include <fmt/format.h>

#include <filesystem>

#include "config/selection.h"

namespace whalesafe::lsp::features {

namespace fs = std::filesystem;

std::shared_ptr<const AnalysisSetup> SetupCache::for_document(
    const std::optional<std::string>& path) {
  std::vector<fs::path> files;
  if (path) {
    const fs::path dir = fs::path(*path).parent_path();
    std::error_code ec;
    if (!dir.empty() && fs::is_directory(dir, ec)) files = config::find_config_files(dir);
  }
  std::string key;
  for (const fs::path& f : files) key += f.string() + '\n';
  if (const auto it = cache_.find(key); it != cache_.end()) return it->second;

  auto setup = std::make_shared<AnalysisSetup>();
  for (const fs::path& f : files) {
    try {
      config::load_config_file(f, setup->config);
    } catch (const config::ConfigError& e) {
      log_.warning(fmt::format("{} (ignored)", e.what()));
    }
  }
  if (!client_.config.empty()) {
    // JSON is YAML: the client's settings read exactly like a .whalesafe.yaml after the files.
    try {
      config::load_config_text(client_.config.dump(), "workspace/configuration (whalesafe)",
                               config::ConfigKind::kWhalesafe, setup->config);
    } catch (const config::ConfigError& e) {
      log_.warning(fmt::format("{} (ignored)", e.what()));
    }
  }
  setup->unsafe_fixes = client_.unsafe_fixes;
  for (const config::ConfigProblem& p : setup->config.problems) {
    log_.warning(p.line > 0 ? fmt::format("{}:{}:{}: {}", p.file, p.line, p.column, p.message)
                            : fmt::format("{}: {}", p.file, p.message));
  }
  config::SelectionResult selected = config::select_rules(setup->config, {}, {});
  setup->selection = std::move(selected.selection);
  cache_.emplace(key, setup);
  return setup;
}

void SetupCache::reset(ClientSettings settings) {
  cache_.clear();
  client_ = std::move(settings);
}

ClientSettings parse_client_settings(const nlohmann::json& section,
                                     std::vector<std::string>& problems) {
  ClientSettings settings;
  if (!section.is_object()) {
    if (!section.is_null()) problems.push_back("whalesafe settings: expected an object");
    return settings;
  }
  for (const auto& [key, value] : section.items()) {
    if (key == "unsafeFixes") {
      if (value.is_boolean()) {
        settings.unsafe_fixes = value.get<bool>();
      } else {
        problems.push_back("whalesafe.unsafeFixes: expected true or false");
      }
    } else {
      settings.config[key] = value;
    }
  }
  return settings;
}

}  // namespace whalesafe::lsp::features
