#include "lsp/protocol/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace whalesafe::lsp::protocol {
namespace {

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "debug";
}

}  // namespace

Log::~Log() {
  if (file_ != nullptr) std::fclose(file_);
}

bool Log::open_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (file_ != nullptr) std::fclose(file_);
  file_ = f;
  return true;
}

void Log::set_client_sink(ClientSink sink) {
  const std::lock_guard<std::mutex> lock(mutex_);
  client_ = std::move(sink);
}

void Log::write(LogLevel level, std::string_view message) {
  ClientSink client;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (file_ != nullptr) {
      const auto now = std::chrono::system_clock::now();
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
      const std::string line = fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z {} {}\n",
                                           fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                                           ms.count(), level_name(level), message);
      std::fwrite(line.data(), 1, line.size(), file_);
      std::fflush(file_);
    }
    if (level != LogLevel::kDebug) client = client_;
  }
  if (client) client(level, std::string(message));
}

}  // namespace whalesafe::lsp::protocol
