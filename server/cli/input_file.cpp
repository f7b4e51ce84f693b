#include "cli/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "config/size_limit.h"
#include "syntax/go_text.h"

namespace whalesafe::cli {
namespace {

// Reads at most `max_bytes` + 1 bytes; false on a read error.
bool read_limited(std::FILE* file, std::string& out, std::size_t max_bytes) {
  char buffer[64 * 1024];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    out.append(buffer, n);
    if (out.size() > max_bytes) return true;
    if (n < sizeof buffer) return std::ferror(file) == 0;
  }
}

// NUL bytes, or mostly control characters and invalid UTF-8, mean this is not a text file.
bool looks_binary(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return true;
  const std::string_view sample = text.substr(0, 64 * 1024);
  std::size_t suspicious = 0;
  for (std::size_t i = 0; i < sample.size();) {
    const auto b = static_cast<unsigned char>(sample[i]);
    if (b < 0x80) {
      suspicious += (b < 0x20 && std::string_view("\t\n\r\f\v").find(static_cast<char>(b)) ==
                                     std::string_view::npos) ||
                    b == 0x7F;
      ++i;
      continue;
    }
    const auto decoded = syntax::go::decode_rune(sample.substr(i));
    suspicious += decoded.rune == syntax::go::kRuneError && decoded.width == 1;
    i += decoded.width;
  }
  return !sample.empty() && suspicious * 10 > sample.size();
}

}  // namespace

std::optional<std::string> read_dockerfile(const std::string& path, std::string& text,
                                           std::size_t max_bytes) {
  const std::string name = path == "-" ? "<stdin>" : path;
  bool ok = false;
  if (path == "-") {
    ok = read_limited(stdin, text, max_bytes);
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fmt::format("{}: is a directory", path);
    if (std::filesystem::is_regular_file(path, ec)) {
      const std::uintmax_t size = std::filesystem::file_size(path, ec);
      if (!ec && size > max_bytes) {
        return config::too_large_message(name, static_cast<std::size_t>(size), max_bytes);
      }
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return fmt::format("{}: cannot open: {}", path, std::strerror(errno));
    ok = read_limited(file, text, max_bytes);
    std::fclose(file);
  }
  if (!ok) return fmt::format("{}: read error", name);
  if (text.size() > max_bytes) return config::too_large_message(name, std::nullopt, max_bytes);
  if (looks_binary(text)) return fmt::format("{}: binary file, not a Dockerfile", name);
  return std::nullopt;
}

}  // namespace whalesafe::cli
