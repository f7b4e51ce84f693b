// Writing a fixed Dockerfile back without ever losing the user's file: atomically (a temporary
// file in the same directory, flushed to disk, renamed over the original, the directory
// flushed too), through symlinks to the real file, keeping its mode and owner, and only when
// the file on disk still holds what was read (an editor or a second run may have changed it).
#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace whalesafe::cli {

// The directories whose renames still have to reach the disk. A batch run (`--fix` over many
// files) flushes each directory once at its end instead of once per file: every flush of a
// directory is a journal commit, and one per file was most of the run's wall time.
class PendingDirectorySyncs {
 public:
  PendingDirectorySyncs() = default;
  PendingDirectorySyncs(const PendingDirectorySyncs&) = delete;
  PendingDirectorySyncs& operator=(const PendingDirectorySyncs&) = delete;
  ~PendingDirectorySyncs() { flush(); }

  void add(const std::string& directory);
  // Flushes every directory added so far (called by the destructor too).
  void flush();

 private:
  std::mutex mutex_;
  std::set<std::string> directories_;
};

// Replaces the content of `path` (or of the file its symlinks lead to) with `new_text`, if it
// still holds `read_text`. Refuses files without any write permission bit, even for root (the
// user marked them read-only), files with several hard links (a rename would split them) and
// anything but regular files. On failure returns a one-line reason starting with `path`, and
// the original file is untouched (and no temporary file is left, even past `ulimit -f`).
// The file's directory is flushed before returning, or, given `pending`, added to it.
std::optional<std::string> replace_file_contents(const std::string& path,
                                                 const std::string& read_text,
                                                 const std::string& new_text,
                                                 PendingDirectorySyncs* pending = nullptr);

}  // namespace whalesafe::cli
