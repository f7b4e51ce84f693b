#include "cli/file_write.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace whalesafe::cli {
namespace {

namespace fs = std::filesystem;

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The whole content of `path`, or nullopt when it cannot be read.
std::optional<std::string> read_all(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  std::string out;
  char buffer[64 * 1024];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  if (!ok) return std::nullopt;
  return out;
}

void sync_directory(const std::string& directory) {
  const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// Removes the temporary file unless released (the rename consumed it).
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void release() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

void PendingDirectorySyncs::add(const std::string& directory) {
  const std::lock_guard<std::mutex> lock(mutex_);
  directories_.insert(directory);
}

void PendingDirectorySyncs::flush() {
  std::set<std::string> directories;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    directories.swap(directories_);
  }
  for (const std::string& directory : directories) sync_directory(directory);
}

std::optional<std::string> replace_file_contents(const std::string& path,
                                                 const std::string& read_text,
                                                 const std::string& new_text,
                                                 PendingDirectorySyncs* pending) {
  std::error_code ec;
  const fs::path target = fs::canonical(path, ec);  // follows every symlink
  if (ec) return fmt::format("{}: cannot resolve the path: {}", path, ec.message());
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    return fmt::format("{}: cannot stat: {}", path, std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return fmt::format("{}: not a regular file; not fixed", path);
  if ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0) {
    return fmt::format("{}: is read-only; not fixed", path);
  }
  // Renaming over one name of a hard-linked file would leave its other names with the old text,
  // and rewriting it in place could truncate it when the disk fills up: neither is a fix.
  if (st.st_nlink > 1) {
    return fmt::format(
        "{}: has {} hard links; not fixed (replacing it would split them; --diff shows the fixes)",
        path, st.st_nlink);
  }
  // Past a file size limit (ulimit -f), write() must fail with EFBIG like any write error,
  // rather than SIGXFSZ ending the process with the temporary file left behind.
  static const bool xfsz_ignored = std::signal(SIGXFSZ, SIG_IGN) != SIG_ERR;
  (void)xfsz_ignored;
  const std::optional<std::string> on_disk = read_all(target);
  if (!on_disk) return fmt::format("{}: cannot read it again before writing", path);
  if (*on_disk != read_text) {
    return fmt::format("{}: changed on disk since it was read; not overwritten", path);
  }

  std::string tmp_name =
      (target.parent_path() / ("." + target.filename().string() + ".whalesafe-XXXXXX")).string();
  const int fd = ::mkstemp(tmp_name.data());
  if (fd < 0) {
    return fmt::format("{}: cannot create a temporary file beside it: {}", path,
                       std::strerror(errno));
  }
  TempFile tmp(tmp_name);
  const auto fail = [&](std::string_view what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return fmt::format("{}: {}: {}", path, what, reason);
  };
  if (!write_all(fd, new_text)) return fail("cannot write the fixed file");
  if (::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot keep the file mode");
  struct stat tmp_st {};
  if (::fstat(fd, &tmp_st) != 0) return fail("cannot stat the temporary file");
  if ((tmp_st.st_uid != st.st_uid || tmp_st.st_gid != st.st_gid) &&
      ::fchown(fd, st.st_uid, st.st_gid) != 0) {
    return fail("cannot keep the file's owner");
  }
  if (::fsync(fd) != 0) return fail("cannot flush the fixed file to disk");
  if (::close(fd) != 0) {
    return fmt::format("{}: cannot write the fixed file: {}", path, std::strerror(errno));
  }
  // The last moment to notice an editor's save since the comparison above (the window that is
  // left, between this check and the rename, is microseconds long).
  struct stat now {};
  if (::stat(target.c_str(), &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev ||
      now.st_size != st.st_size || now.st_mtim.tv_sec != st.st_mtim.tv_sec ||
      now.st_mtim.tv_nsec != st.st_mtim.tv_nsec) {
    return fmt::format("{}: changed on disk since it was read; not overwritten", path);
  }
  if (::rename(tmp_name.c_str(), target.c_str()) != 0) {
    return fmt::format("{}: cannot replace the file: {}", path, std::strerror(errno));
  }
  tmp.release();
  // The rename is durable once the directory is on disk too.
  if (pending != nullptr) {
    pending->add(target.parent_path().string());
  } else {
    sync_directory(target.parent_path().string());
  }
  return std::nullopt;
}

}  // namespace whalesafe::cli
