// Whole-file replacement that readers never see half done: the text goes to a temporary file
// in the same directory, is flushed to disk, and is renamed over the target. Used for the
// catalog cache (`catalog update`) and the registry digest cache, which another whalesafe
// process (or the language server's background thread) may be reading at the same time.
#pragma once

#include <filesystem>
#include <string>

namespace whalesafe::fs {

// Creates the parent directories, writes `text` and renames it over `path`. Returns an error
// message, or "" on success. Safe to call from several threads and processes at once (each
// writer has its own temporary name; the last rename wins).
std::string write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace whalesafe::fs
