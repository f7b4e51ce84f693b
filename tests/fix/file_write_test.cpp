// replace_file_contents: what `--fix` promises about the files it writes.
#include "cli/file_write.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using whalesafe::cli::replace_file_contents;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "whalesafe-write-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

void put(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string get(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

}  // namespace

TEST_CASE("the file is replaced with its mode, through symlinks, leaving nothing behind",
          "[write]") {
  TempDir dir;
  const fs::path real = dir.path / "Dockerfile.real";
  const fs::path link = dir.path / "Dockerfile";
  put(real, "from a\r\n");
  fs::permissions(real, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::create_symlink(real.filename(), link);
  CHECK_FALSE(replace_file_contents(link.string(), "from a\r\n", "FROM a\r\n"));
  CHECK(fs::is_symlink(link));
  CHECK(get(real) == "FROM a\r\n");
  CHECK(fs::status(real).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(entries(dir.path) == 2);  // no temporary file left
}

TEST_CASE("a read-only file is reported and left alone", "[write]") {
  TempDir dir;
  const fs::path file = dir.path / "Dockerfile";
  put(file, "from a\n");
  fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const auto error = replace_file_contents(file.string(), "from a\n", "FROM a\n");
  REQUIRE(error);
  CHECK(error->find("is read-only") != std::string::npos);
  CHECK(get(file) == "from a\n");
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("a file changed since it was read is not overwritten", "[write]") {
  TempDir dir;
  const fs::path file = dir.path / "Dockerfile";
  put(file, "from b\n");  // an editor saved it after whalesafe read "from a\n"
  const auto error = replace_file_contents(file.string(), "from a\n", "FROM a\n");
  REQUIRE(error);
  CHECK(error->find("changed on disk") != std::string::npos);
  CHECK(get(file) == "from b\n");
}

TEST_CASE("a missing file is an error naming it", "[write]") {
  TempDir dir;
  const std::string missing = (dir.path / "nope").string();
  const auto error = replace_file_contents(missing, "", "x");
  REQUIRE(error);
  CHECK(error->rfind(missing, 0) == 0);
}

TEST_CASE("the owner is kept", "[write]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give the file another owner to check");
    return;
  }
  TempDir dir;
  const fs::path file = dir.path / "Dockerfile";
  put(file, "from a\n");
  REQUIRE(::chown(file.c_str(), 4321, 4322) == 0);
  CHECK_FALSE(replace_file_contents(file.string(), "from a\n", "FROM a\n"));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK(st.st_uid == 4321u);
  CHECK(st.st_gid == 4322u);
  CHECK(get(file) == "FROM a\n");
}

TEST_CASE("a hard-linked file is refused, and both names keep the text", "[write]") {
  TempDir dir;
  const fs::path one = dir.path / "Dockerfile";
  const fs::path two = dir.path / "Dockerfile.copy";
  put(one, "from a\n");
  fs::create_hard_link(one, two);
  const auto error = replace_file_contents(one.string(), "from a\n", "FROM a\n");
  REQUIRE(error);
  CHECK(error->find("has 2 hard links; not fixed") != std::string::npos);
  CHECK(get(one) == "from a\n");
  CHECK(fs::hard_link_count(one) == 2);
  CHECK(entries(dir.path) == 2);
}

TEST_CASE("only regular files are replaced", "[write]") {
  TempDir dir;
  const fs::path fifo = dir.path / "Dockerfile";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  const auto error = replace_file_contents(fifo.string(), "", "FROM a\n");
  REQUIRE(error);
  CHECK(error->find("not a regular file") != std::string::npos);
  CHECK(fs::is_fifo(fifo));
}
