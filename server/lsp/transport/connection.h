// Connection: a JSON-RPC peer over a byte stream. Reads framed messages on an Asio executor,
// answers bodies that are not valid JSON-RPC itself (ParseError / InvalidRequest, per JSON-RPC
// 2.0), hands valid messages to its owner, and writes queued messages in order.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lsp/transport/jsonrpc.h"

namespace whalesafe::lsp::transport {

class Connection {
 public:
  struct Handlers {
    std::function<void(Message)> on_message;  // called on the connection's executor
    std::function<void()> on_close;           // end of input (EOF or read error), called once
    // Told about bad input the connection answered itself (for the log).
    std::function<void(const std::string&)> on_protocol_error;
  };

  virtual ~Connection() = default;
  virtual void start(Handlers handlers) = 0;
  // Queues `message` for writing. Thread-safe.
  virtual void send(json message) = 0;
  // Queues a body that is already JSON text (json_text.h). Thread-safe.
  virtual void send_encoded(std::string body) = 0;
  // Stops reading; the output closes once everything queued is written.
  virtual void close() = 0;
};

// LSP over the process's standard input and output.
std::shared_ptr<Connection> make_stdio_connection(boost::asio::io_context& io);

// Listens on host:port (port 0 picks a free one), prints "listening on HOST:PORT" to standard
// error, accepts one client and serves it. Throws boost::system::system_error.
std::shared_ptr<Connection> accept_tcp_connection(boost::asio::io_context& io,
                                                  const std::string& host, uint16_t port);

}  // namespace whalesafe::lsp::transport
