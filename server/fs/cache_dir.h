// whalesafe's per-user cache directory: $XDG_CACHE_HOME/whalesafe, or ~/.cache/whalesafe when
// XDG_CACHE_HOME is unset, empty or relative (the XDG base directory rules). The catalog cache
// and the registry digest cache live under it.
#pragma once

#include <filesystem>
#include <optional>

namespace whalesafe::fs {

// nullopt when neither XDG_CACHE_HOME nor HOME gives a place.
std::optional<std::filesystem::path> user_cache_dir();

}  // namespace whalesafe::fs
