// Writing a fixed Dockerfile back without ever losing the user's file: atomically (a temporary
// file in the same directory, flushed to disk, renamed over the original, the directory
// flushed too), through symlinks to the real file, keeping its mode and owner, and only when
// the file on disk still holds what was read (an editor or a second run may have changed it).
#pragma once

#include <optional>
#include <string>

namespace whalesafe::cli {

// Replaces the content of `path` (or of the file its symlinks lead to) with `new_text`, if it
// still holds `read_text`. Refuses files without any write permission bit, even for root (the
// user marked them read-only), files with several hard links (a rename would split them) and
// anything but regular files. On failure returns a one-line reason starting with `path`, and
// the original file is untouched (and no temporary file is left, even past `ulimit -f`).
std::optional<std::string> replace_file_contents(const std::string& path,
                                                 const std::string& read_text,
                                                 const std::string& new_text);

}  // namespace whalesafe::cli
