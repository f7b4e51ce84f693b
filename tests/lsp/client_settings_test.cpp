// The editor's settings (section "whalesafe" of workspace/configuration) on top of the
// configuration files: server/lsp/features/analysis_setup.h.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lsp/features/analysis_setup.h"
#include "rules/registry.h"

using nlohmann::json;
using whalesafe::lsp::features::ClientSettings;
using whalesafe::lsp::features::parse_client_settings;
using whalesafe::lsp::features::SetupCache;
namespace fs = std::filesystem;

namespace {

bool enabled(const whalesafe::rules::RuleSelection& selection, const char* slug) {
  return selection.find(whalesafe::rules::find_rule(slug)) != nullptr;
}

}  // namespace

TEST_CASE("client settings: .whalesafe.yaml keys and unsafeFixes; problems are reported") {
  std::vector<std::string> problems;
  const ClientSettings s = parse_client_settings(
      json{{"rules", {{"apt-missing-yes", "off"}}}, {"unsafeFixes", false}}, problems);
  CHECK(problems.empty());
  CHECK_FALSE(s.unsafe_fixes);
  CHECK(s.config == json{{"rules", {{"apt-missing-yes", "off"}}}});

  const ClientSettings bad = parse_client_settings(json{{"unsafeFixes", "no"}}, problems);
  CHECK(bad.unsafe_fixes);  // the default stays
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("unsafeFixes") != std::string::npos);

  problems.clear();
  CHECK(parse_client_settings(json(), problems).config.empty());  // null: the defaults
  CHECK(problems.empty());
  parse_client_settings(json::array(), problems);
  CHECK(problems.size() == 1);
}

TEST_CASE("client settings apply after the configuration files, and reset() replaces them") {
  const fs::path dir =
      fs::temp_directory_path() / ("whalesafe-client-settings-test-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / ".whalesafe.yaml") << "rules:\n  apt-missing-yes: off\n  user-missing: off\n";
  const std::string dockerfile = (dir / "Dockerfile").string();

  whalesafe::lsp::protocol::Log log;
  SetupCache cache(log);
  auto setup = cache.for_document(dockerfile);
  CHECK_FALSE(enabled(setup->selection, "apt-missing-yes"));  // from the file
  CHECK_FALSE(enabled(setup->selection, "user-missing"));
  CHECK(setup->unsafe_fixes);

  std::vector<std::string> problems;
  cache.reset(parse_client_settings(
      json{{"rules", {{"apt-missing-yes", "error"}}}, {"unsafeFixes", false}}, problems));
  setup = cache.for_document(dockerfile);
  // The editor's settings win where both speak; the file still applies elsewhere.
  const auto* apt = setup->selection.find(whalesafe::rules::find_rule("apt-missing-yes"));
  REQUIRE(apt);
  CHECK(apt->severity == whalesafe::findings::Severity::kError);
  CHECK_FALSE(enabled(setup->selection, "user-missing"));
  CHECK_FALSE(setup->unsafe_fixes);
  // Documents that are not local files get the editor's settings too.
  CHECK(cache.for_document(std::nullopt)
            ->selection.find(whalesafe::rules::find_rule("apt-missing-yes"))
            ->severity == whalesafe::findings::Severity::kError);

  // The file changes (a watched-file notification resets the cache): it is read again.
  std::ofstream(dir / ".whalesafe.yaml") << "rules:\n  apt-missing-yes: off\n";
  cache.reset(ClientSettings{});
  setup = cache.for_document(dockerfile);
  CHECK_FALSE(enabled(setup->selection, "apt-missing-yes"));
  CHECK(enabled(setup->selection, "user-missing"));
  fs::remove_all(dir);
}
