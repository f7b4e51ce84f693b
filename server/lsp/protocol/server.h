// Server: the LSP session over a transport Connection. Owns the lifecycle (initialize /
// initialized / shutdown / exit, ServerNotInitialized before initialize, InvalidRequest after
// shutdown), dispatches requests and notifications to the handlers features register,
// answers unknown requests with MethodNotFound and ignores unknown notifications, turns
// InvalidParams thrown by a handler into error -32602, and handles $/cancelRequest.
// Knows nothing of Dockerfiles.
//
// Threading: everything here runs on the io_context's thread. Responders may be called from any
// thread; they post the response back.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "lsp/protocol/line_index.h"
#include "lsp/protocol/log.h"
#include "lsp/transport/connection.h"

namespace whalesafe::lsp::protocol {

using nlohmann::json;

class Server;

// Answers one request, at most once; after $/cancelRequest answered it, calls are ignored.
class Responder {
 public:
  struct State {
    std::atomic<bool> cancelled{false};
  };
  Responder(std::weak_ptr<Server> server, json id, std::shared_ptr<State> state)
      : server_(std::move(server)), id_(std::move(id)), state_(std::move(state)) {}
  void result(json value) const;
  // The result as JSON text already (lsp/transport/json_text.h), for large results.
  void result_encoded(std::string result_json) const;
  void error(int code, std::string message) const;
  // True once the client cancelled the request: remaining work may be skipped. Thread-safe.
  bool cancelled() const { return state_->cancelled.load(); }
  const json& id() const { return id_; }

 private:
  void send(std::string response_body) const;

  std::weak_ptr<Server> server_;
  json id_;
  std::shared_ptr<State> state_;
};

class Server : public std::enable_shared_from_this<Server> {
 public:
  using RequestHandler = std::function<void(json& params, const Responder& responder)>;
  using NotificationHandler = std::function<void(json& params)>;
  // Adds to the initialize result's capabilities, given the client's capabilities.
  using CapabilityHook = std::function<void(const json& client_capabilities, json& capabilities)>;

  Server(boost::asio::io_context& io, std::shared_ptr<transport::Connection> connection, Log& log);

  void on_request(std::string method, RequestHandler handler);
  void on_notification(std::string method, NotificationHandler handler);
  void add_capabilities(CapabilityHook hook);
  // Called when the session ends (exit or end of input), before run() returns.
  void on_stop(std::function<void()> hook);

  // Sends a notification to the client (any thread).
  void notify(std::string_view method, json params);
  // The same with the params as JSON text already (lsp/transport/json_text.h): for large,
  // frequent notifications such as a long file's diagnostics.
  void notify_encoded(std::string_view method, std::string params_json);

  // --- Requests to the client (workspace/configuration, client/registerCapability...) ---
  // The client's answer: `result` on success, otherwise `error` (its error object; also set,
  // with code InternalError, when the session ends before the answer).
  using ResponseHandler = std::function<void(const json& result, const json& error)>;
  // Sends a request to the client (io thread); `on_response` runs on the io thread.
  void request(std::string_view method, json params, ResponseHandler on_response);
  // The client's capabilities from initialize (null before it).
  const json& client_capabilities() const { return client_capabilities_; }

  // Serves until exit or the end of input; returns the process exit status (0 when exit came
  // after shutdown, 1 otherwise).
  int run();

  PositionEncoding position_encoding() const { return encoding_; }
  boost::asio::io_context& io() { return io_; }
  Log& log() { return log_; }

 private:
  friend class Responder;
  enum class State { kUninitialized, kInitialized, kShutDown, kExited };

  void handle(transport::Message message);
  void handle_request(transport::Message& message);
  void handle_notification(transport::Message& message);
  void initialize(json& params, const Responder& responder);
  void cancel(const json& params);
  // Sends `response` if the request is still in flight with `state` (not cancelled).
  void respond(const json& id, const Responder::State* state, std::string response_body);
  void stop(int exit_code);

  boost::asio::io_context& io_;
  std::shared_ptr<transport::Connection> connection_;
  Log& log_;
  std::map<std::string, RequestHandler, std::less<>> requests_;
  std::map<std::string, NotificationHandler, std::less<>> notifications_;
  std::vector<CapabilityHook> capability_hooks_;
  std::vector<std::function<void()>> stop_hooks_;
  // Requests not yet answered, by id (as JSON text).
  std::map<std::string, std::shared_ptr<Responder::State>> in_flight_;
  State state_ = State::kUninitialized;
  bool shutdown_requested_ = false;
  int exit_code_ = 1;
  PositionEncoding encoding_ = PositionEncoding::kUtf16;

  // Requests sent to the client and not yet answered, by id (as JSON text).
  void handle_response(const transport::Message& message);
  std::map<std::string, ResponseHandler> awaiting_client_;
  int64_t next_request_id_ = 1;
  json client_capabilities_;
};

}  // namespace whalesafe::lsp::protocol
