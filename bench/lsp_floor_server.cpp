// lsp_floor_server: the fastest possible "language server" for bench/lsp/lsp_bench.js. It reads
// Content-Length framed messages from stdin, answers initialize and shutdown, and answers every
// didOpen/didChange at once with a publishDiagnostics for that version holding N made-up
// diagnostics (--diagnostics N, default 0), without parsing JSON or analysing anything. What
// the benchmark measures against it is the floor of the measurement itself: the client's own
// JSON work, its event loop and the pipes. A server's latency cannot go below it
// (docs/performance.md, "Language server").
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

std::string buffered;

// Reads more of stdin into `buffered`; false at the end of input.
bool fill() {
  char chunk[65536];
  const ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffered.append(chunk, static_cast<std::size_t>(n));
  return true;
}

// The next message body, or false at the end of input.
bool next_message(std::string& body) {
  for (;;) {
    const std::size_t header_end = buffered.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      const std::size_t at = buffered.find("Content-Length:");
      if (at == std::string::npos || at > header_end) return false;
      const std::size_t length = std::strtoul(buffered.c_str() + at + 15, nullptr, 10);
      const std::size_t start = header_end + 4;
      while (buffered.size() < start + length) {
        if (!fill()) return false;
      }
      body.assign(buffered, start, length);
      buffered.erase(0, start + length);
      return true;
    }
    if (!fill()) return false;
  }
}

void send(const std::string& body) {
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string_view rest = frame;
  while (!rest.empty()) {
    const ssize_t n = write(STDOUT_FILENO, rest.data(), rest.size());
    if (n <= 0) std::exit(1);
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

// The raw JSON text of the value after `"key":` (a number or a string), first occurrence.
std::string raw_value(const std::string& body, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":";
  std::size_t at = body.find(pattern);
  if (at == std::string::npos) return "null";
  at += pattern.size();
  if (body[at] == '"') {
    const std::size_t end = body.find('"', at + 1);
    return body.substr(at, end - at + 1);
  }
  const std::size_t end = body.find_first_of(",}", at);
  return body.substr(at, end - at);
}

std::string made_up_diagnostics(int count) {
  std::string out = "[";
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    const std::string line = std::to_string(i);
    out += R"({"range":{"start":{"line":)" + line + R"(,"character":4},"end":{"line":)" + line +
           R"(,"character":40}},"severity":2,"code":"package-unpinned",)"
           R"("codeDescription":{"href":"https://example.invalid/rules/package-unpinned"},)"
           R"("source":"whalesafe","message":"Pin the version of package pkg)" +
           line + R"( (apt-get install pkg=VERSION): an unpinned package changes between builds"})";
  }
  return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--diagnostics") == 0) count = std::atoi(argv[i + 1]);
  }
  const std::string diagnostics = made_up_diagnostics(count);
  bool shut_down = false;
  std::string body;
  while (next_message(body)) {
    const std::string method = raw_value(body, "method");
    if (method == "\"initialize\"") {
      send(R"({"jsonrpc":"2.0","id":)" + raw_value(body, "id") +
           R"(,"result":{"capabilities":{"textDocumentSync":2}}})");
    } else if (method == "\"shutdown\"") {
      shut_down = true;
      send(R"({"jsonrpc":"2.0","id":)" + raw_value(body, "id") + R"(,"result":null})");
    } else if (method == "\"exit\"") {
      return shut_down ? 0 : 1;
    } else if (method == "\"textDocument/didOpen\"" || method == "\"textDocument/didChange\"") {
      send(R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":)" +
           raw_value(body, "uri") + R"(,"version":)" + raw_value(body, "version") +
           R"(,"diagnostics":)" + diagnostics + "}}");
    }
  }
  return shut_down ? 0 : 1;
}
