#include "lsp/protocol/server.h"

#include <boost/asio/post.hpp>

#include "lsp/protocol/types.h"
#include "lsp/transport/json_text.h"
#include "whalesafe/version.h"

namespace whalesafe::lsp::protocol {
namespace {

namespace ec = transport::error_code;

std::string id_key(const json& id) { return id.dump(); }

// "utf-8" when the client offers it (no conversion at all), otherwise the mandatory "utf-16".
PositionEncoding negotiate_encoding(const json& capabilities) {
  const auto general = capabilities.find("general");
  if (general == capabilities.end() || !general->is_object()) return PositionEncoding::kUtf16;
  const auto offered = general->find("positionEncodings");
  if (offered == general->end() || !offered->is_array()) return PositionEncoding::kUtf16;
  for (const json& encoding : *offered) {
    if (encoding == "utf-8") return PositionEncoding::kUtf8;
  }
  return PositionEncoding::kUtf16;
}

}  // namespace

void Responder::result(json value) const {
  send(transport::encode(transport::make_result(id_, std::move(value))));
}

void Responder::result_encoded(std::string result_json) const {
  send(transport::encode_result(id_, result_json));
}

void Responder::error(int code, std::string message) const {
  send(transport::encode(transport::make_error(id_, code, message)));
}

// The body is encoded on the caller's thread (often a worker), not on the io thread.
void Responder::send(std::string response_body) const {
  const std::shared_ptr<Server> server = server_.lock();
  if (!server) return;
  if (server->io_.get_executor().running_in_this_thread()) {
    server->respond(id_, state_.get(), std::move(response_body));
    return;
  }
  boost::asio::post(server->io_,
                    [server, id = id_, state = state_, body = std::move(response_body)]() mutable {
                      server->respond(id, state.get(), std::move(body));
                    });
}

Server::Server(boost::asio::io_context& io, std::shared_ptr<transport::Connection> connection,
               Log& log)
    : io_(io), connection_(std::move(connection)), log_(log) {}

void Server::on_request(std::string method, RequestHandler handler) {
  requests_[std::move(method)] = std::move(handler);
}

void Server::on_notification(std::string method, NotificationHandler handler) {
  notifications_[std::move(method)] = std::move(handler);
}

void Server::add_capabilities(CapabilityHook hook) { capability_hooks_.push_back(std::move(hook)); }

void Server::on_stop(std::function<void()> hook) { stop_hooks_.push_back(std::move(hook)); }

void Server::notify(std::string_view method, json params) {
  connection_->send(transport::make_notification(method, std::move(params)));
}

void Server::notify_encoded(std::string_view method, std::string params_json) {
  connection_->send_encoded(transport::encode_notification(method, params_json));
}

int Server::run() {
  std::weak_ptr<Server> weak = weak_from_this();
  connection_->start(transport::Connection::Handlers{
      .on_message =
          [weak](transport::Message message) {
            if (auto self = weak.lock()) self->handle(std::move(message));
          },
      .on_close =
          [weak] {
            auto self = weak.lock();
            if (!self || self->state_ == State::kExited) return;
            self->log_.info("end of input without an exit notification");
            self->stop(self->shutdown_requested_ ? 0 : 1);
          },
      .on_protocol_error =
          [weak](const std::string& message) {
            if (auto self = weak.lock()) self->log_.warning("bad message: " + message);
          },
  });
  io_.run();
  for (const auto& hook : stop_hooks_) hook();
  return exit_code_;
}

void Server::stop(int exit_code) {
  exit_code_ = exit_code;
  state_ = State::kExited;
  log_.set_client_sink(nullptr);
  // Requests the client will never answer now: their handlers learn so (what they log goes to
  // the log file only).
  std::map<std::string, ResponseHandler> unanswered = std::move(awaiting_client_);
  awaiting_client_.clear();
  for (auto& [id, handler] : unanswered) {
    handler(nullptr, json{{"code", ec::kInternalError}, {"message", "the session ended"}});
  }
  connection_->close();
}

void Server::respond(const json& id, const Responder::State* state, std::string response_body) {
  const auto it = in_flight_.find(id_key(id));
  if (it == in_flight_.end() || it->second.get() != state) return;  // cancelled or answered
  in_flight_.erase(it);
  connection_->send_encoded(std::move(response_body));
}

void Server::handle(transport::Message message) {
  switch (message.kind) {
    case transport::Message::Kind::kRequest:
      handle_request(message);
      break;
    case transport::Message::Kind::kNotification:
      handle_notification(message);
      break;
    case transport::Message::Kind::kResponse:
      handle_response(message);
      break;
  }
}

void Server::handle_request(transport::Message& message) {
  auto state = std::make_shared<Responder::State>();
  in_flight_[id_key(message.id)] = state;
  const Responder responder(weak_from_this(), message.id, state);
  log_.debug("request " + message.method + " id " + message.id.dump());

  if (state_ == State::kUninitialized && message.method != "initialize") {
    responder.error(ec::kServerNotInitialized, "the server is not initialized");
    return;
  }
  if (state_ == State::kShutDown || state_ == State::kExited) {
    responder.error(ec::kInvalidRequest, "the server is shutting down");
    return;
  }
  try {
    if (message.method == "initialize") {
      if (state_ != State::kUninitialized) {
        responder.error(ec::kInvalidRequest, "initialize may be sent only once");
        return;
      }
      initialize(message.params, responder);
      return;
    }
    if (message.method == "shutdown") {
      shutdown_requested_ = true;
      state_ = State::kShutDown;
      responder.result(nullptr);
      return;
    }
    const auto handler = requests_.find(message.method);
    if (handler == requests_.end()) {
      responder.error(ec::kMethodNotFound, "unsupported request: " + message.method);
      return;
    }
    handler->second(message.params, responder);
  } catch (const InvalidParams& e) {
    responder.error(ec::kInvalidParams, e.what());
  } catch (const RequestFailed& e) {
    responder.error(ec::kRequestFailed, e.what());
  } catch (const std::exception& e) {
    log_.error("internal error in " + message.method + ": " + e.what());
    responder.error(ec::kInternalError, std::string("internal error: ") + e.what());
  }
}

void Server::handle_notification(transport::Message& message) {
  log_.debug("notification " + message.method);
  if (message.method == "exit") {
    stop(shutdown_requested_ ? 0 : 1);
    return;
  }
  // Before initialize and after shutdown, notifications other than exit are dropped.
  if (state_ != State::kInitialized) return;
  try {
    if (message.method == "$/cancelRequest") {
      cancel(message.params);
      return;
    }
    const auto handler = notifications_.find(message.method);
    if (handler == notifications_.end()) return;  // unknown (and "$/" ones): ignored
    handler->second(message.params);
  } catch (const InvalidParams& e) {
    log_.warning(message.method + ": invalid params: " + e.what());
  } catch (const std::exception& e) {
    log_.error("internal error in " + message.method + ": " + e.what());
  }
}

void Server::cancel(const json& params) {
  const json& id = member(params, "id", "params");
  if (!id.is_string() && !id.is_number_integer()) {
    throw InvalidParams("params.id: expected an integer or a string");
  }
  const auto it = in_flight_.find(id_key(id));
  if (it == in_flight_.end()) return;  // already answered
  it->second->cancelled = true;
  in_flight_.erase(it);
  connection_->send(transport::make_error(id, ec::kRequestCancelled, "request cancelled"));
}

void Server::initialize(json& params, const Responder& responder) {
  if (!params.is_object()) throw InvalidParams("params: expected an object");
  json client_capabilities = json::object();
  if (const auto it = params.find("capabilities"); it != params.end()) {
    if (!it->is_object()) throw InvalidParams("params.capabilities: expected an object");
    client_capabilities = *it;
  }
  encoding_ = negotiate_encoding(client_capabilities);
  client_capabilities_ = client_capabilities;
  json capabilities = {
      {"positionEncoding", encoding_ == PositionEncoding::kUtf8 ? "utf-8" : "utf-16"}};
  for (const auto& hook : capability_hooks_) hook(client_capabilities, capabilities);
  state_ = State::kInitialized;
  std::weak_ptr<Server> weak = weak_from_this();
  log_.set_client_sink([weak](LogLevel level, const std::string& message) {
    if (auto self = weak.lock()) {
      self->notify("window/logMessage",
                   json{{"type", static_cast<int>(level)}, {"message", message}});
    }
  });
  responder.result(json{{"capabilities", std::move(capabilities)},
                        {"serverInfo", {{"name", "whalesafe"}, {"version", WHALESAFE_VERSION}}}});
  log_.info(std::string("whalesafe ") + WHALESAFE_VERSION + " initialized (positions in " +
            (encoding_ == PositionEncoding::kUtf8 ? "utf-8" : "utf-16") + ")");
}

// --- Requests to the client ---

void Server::request(std::string_view method, json params, ResponseHandler on_response) {
  if (state_ == State::kExited) return;
  // String ids of our own, so they can never be mistaken for the client's numbering.
  const json id = "whalesafe-" + std::to_string(next_request_id_++);
  awaiting_client_[id_key(id)] = std::move(on_response);
  json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  log_.debug("request to the client " + std::string(method) + " id " + id.dump());
  connection_->send(std::move(message));
}

void Server::handle_response(const transport::Message& message) {
  const auto it = awaiting_client_.find(id_key(message.id));
  if (it == awaiting_client_.end()) {
    log_.debug("ignored a response to an unknown id " + message.id.dump());
    return;
  }
  ResponseHandler handler = std::move(it->second);
  awaiting_client_.erase(it);
  try {
    handler(message.result, message.error);
  } catch (const std::exception& e) {
    log_.warning("bad response to " + message.id.dump() + ": " + e.what());
  }
}

}  // namespace whalesafe::lsp::protocol
