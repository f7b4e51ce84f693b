// Test helpers for every Catch2 suite: whole files, CI detection and the shared reference data
// (../shared), which tests skip without, except under CI=true where its absence fails them.
// Include as "shared_data.h" (tests/ is on the include path of everything linking catch_main);
// the grammar property tests keep their own (tests/grammar/support.h), which also honours an
// environment override of the data directory.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace whalesafe::test_support {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

#ifdef WHALESAFE_SHARED_DIR
// `relative` inside the shared reference data, or nullopt when it is missing: then the calling
// test returns early. Missing data is a failure when CI=true.
inline std::optional<std::filesystem::path> shared_path(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(WHALESAFE_SHARED_DIR) / relative;
  if (std::filesystem::exists(path)) return path;
  if (running_in_ci()) {
    FAIL("shared reference data missing at " << path.string() << " (CI=true: not skipping)");
  } else {
    WARN("SKIPPED: shared reference data missing at " << path.string());
  }
  return std::nullopt;
}
#endif

}  // namespace whalesafe::test_support
