// Log: the server's messages, written with a timestamp to --log-file (every level) and sent to
// the client as window/logMessage (info and above, once the session is initialized).
// Thread-safe.
#pragma once

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace whalesafe::lsp::protocol {

// LSP's MessageType values.
enum class LogLevel { kError = 1, kWarning = 2, kInfo = 3, kDebug = 4 };

class Log {
 public:
  using ClientSink = std::function<void(LogLevel, const std::string&)>;

  Log() = default;
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  // Appends to `path`; false when it cannot be opened.
  bool open_file(const std::string& path);
  void set_client_sink(ClientSink sink);

  void write(LogLevel level, std::string_view message);
  void error(std::string_view message) { write(LogLevel::kError, message); }
  void warning(std::string_view message) { write(LogLevel::kWarning, message); }
  void info(std::string_view message) { write(LogLevel::kInfo, message); }
  void debug(std::string_view message) { write(LogLevel::kDebug, message); }

  bool has_file() const { return file_ != nullptr; }

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  ClientSink client_;
};

}  // namespace whalesafe::lsp::protocol
