#include "fs/cache_dir.h"

#include <cstdlib>

namespace whalesafe::fs {

std::optional<std::filesystem::path> user_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  std::filesystem::path base;
  if (xdg != nullptr && std::filesystem::path(xdg).is_absolute()) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    base = std::filesystem::path(home) / ".cache";
  } else {
    return std::nullopt;
  }
  return base / "whalesafe";
}

}  // namespace whalesafe::fs
