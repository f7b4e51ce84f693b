// `whalesafe lsp`: wires the layers together: a transport Connection (stdio, or TCP with
// --listen), the protocol Server, and the features registered on it.
#include "lsp/lsp_command.h"

#include <malloc.h>

#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>

#include "lsp/features/code_actions.h"
#include "lsp/features/document_service.h"
#include "lsp/features/editing_service.h"
#include "lsp/features/workspace_config.h"
#include "lsp/protocol/log.h"
#include "lsp/protocol/server.h"
#include "lsp/transport/connection.h"

namespace whalesafe::lsp {
namespace {

constexpr std::string_view kUsage =
    "usage: whalesafe lsp [--stdio] [--listen [HOST:]PORT] [--log-file PATH]\n"
    "\n"
    "Runs the language server. Editors start it and talk to it over standard input and\n"
    "output (the default; --stdio is accepted for editors that pass it).\n"
    "\n"
    "  --listen [HOST:]PORT  serve one client over TCP instead; HOST defaults to 127.0.0.1,\n"
    "                        PORT 0 picks a free port (printed on standard error)\n"
    "  --log-file PATH       append a detailed log (every message, analysis times) to PATH\n"
    "\n"
    "exit status: 0 after shutdown and exit, 1 on exit without shutdown or end of input,\n"
    "2 usage error\n";

struct Options {
  std::optional<std::string> host;
  uint16_t port = 0;
  std::optional<std::string> log_file;
  bool help = false;
};

bool parse_listen(std::string_view value, Options& options) {
  std::string host = "127.0.0.1";
  std::string_view port = value;
  if (const std::size_t colon = value.rfind(':'); colon != std::string_view::npos) {
    host = std::string(value.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    port = value.substr(colon + 1);
  }
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || n > 65535 ||
      host.empty()) {
    return false;
  }
  options.host = host;
  options.port = static_cast<uint16_t>(n);
  return true;
}

std::optional<std::string> parse_options(const std::vector<std::string>& args, Options& options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--stdio") {
      // the default
    } else if (arg == "--listen" || arg == "--log-file") {
      if (i + 1 >= args.size()) return arg + " needs a value";
      const std::string& value = args[++i];
      if (arg == "--log-file") {
        options.log_file = value;
      } else if (!parse_listen(value, options)) {
        return "--listen expects [HOST:]PORT, got '" + value + "'";
      }
    } else {
      return "unknown option '" + arg + "'";
    }
  }
  return std::nullopt;
}

}  // namespace

int run_lsp_command(const std::vector<std::string>& args) {
  Options options;
  if (const auto error = parse_options(args, options)) {
    std::cerr << "whalesafe lsp: " << *error << "\n" << kUsage;
    return 2;
  }
  if (options.help) {
    std::cout << kUsage;
    return 0;
  }
  // A client that goes away must not kill the server in the middle of a write.
  std::signal(SIGPIPE, SIG_IGN);
  // One malloc arena for the io thread and the analysis worker: with a second arena, glibc
  // keeps most of a closed document's memory (measured: 75 of 124 MB for a 2 MB file) even
  // after malloc_trim; with one, didClose gives it all back.
  mallopt(M_ARENA_MAX, 1);

  protocol::Log log;
  if (options.log_file && !log.open_file(*options.log_file)) {
    std::cerr << "whalesafe lsp: cannot open the log file '" << *options.log_file << "'\n";
    return 2;
  }
  boost::asio::io_context io;
  std::shared_ptr<transport::Connection> connection;
  try {
    connection = options.host ? transport::accept_tcp_connection(io, *options.host, options.port)
                              : transport::make_stdio_connection(io);
  } catch (const std::exception& e) {
    std::cerr << "whalesafe lsp: " << e.what() << '\n';
    return 1;
  }
  const auto server = std::make_shared<protocol::Server>(io, connection, log);
  features::DocumentService documents(*server);
  features::CodeActionService code_actions(*server, documents);
  features::WorkspaceConfig workspace_config(*server, documents);
  const features::EditingService editing(*server, documents);
  server->on_stop([&documents] { documents.stop(); });
  log.debug("whalesafe lsp started");
  const int status = server->run();
  log.debug("whalesafe lsp exits with status " + std::to_string(status));
  return status;
}

}  // namespace whalesafe::lsp
