#include "lsp/transport/jsonrpc.h"

namespace whalesafe::lsp::transport {
namespace {

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

Rejection reject(const json& id, int code, std::string_view message) {
  return Rejection{make_error(id, code, message)};
}

}  // namespace

std::variant<Message, Rejection> decode(std::string_view body) {
  json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return reject(nullptr, error_code::kParseError, "invalid JSON");
  if (!value.is_object()) {
    // LSP does not use JSON-RPC batches: an array is as invalid as any other non-object.
    return reject(nullptr, error_code::kInvalidRequest, "a message must be a JSON object");
  }
  const auto id_it = value.find("id");
  const bool has_id = id_it != value.end();
  if (has_id && !valid_id(*id_it)) {
    return reject(nullptr, error_code::kInvalidRequest, "'id' must be an integer or a string");
  }
  const json id = has_id ? *id_it : json(nullptr);
  const auto version = value.find("jsonrpc");
  if (version == value.end() || *version != "2.0") {
    return reject(id, error_code::kInvalidRequest, "'jsonrpc' must be \"2.0\"");
  }
  Message message;
  message.id = id;
  const auto method = value.find("method");
  if (method == value.end()) {
    const bool has_result = value.contains("result");
    const bool has_error = value.contains("error");
    if (!has_id || has_result == has_error) {
      return reject(id, error_code::kInvalidRequest,
                    "a message needs 'method', or 'id' with one of 'result' and 'error'");
    }
    message.kind = Message::Kind::kResponse;
    if (has_result) message.result = std::move(value["result"]);
    if (has_error) message.error = std::move(value["error"]);
    return message;
  }
  if (!method->is_string())
    return reject(id, error_code::kInvalidRequest, "'method' must be a string");
  message.method = method->get<std::string>();
  message.kind = has_id ? Message::Kind::kRequest : Message::Kind::kNotification;
  if (const auto params = value.find("params"); params != value.end()) {
    if (!params->is_object() && !params->is_array()) {
      return reject(id, error_code::kInvalidRequest, "'params' must be an object or an array");
    }
    message.params = std::move(*params);
  }
  return message;
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, std::string_view message) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"error", json{{"code", code}, {"message", std::string(message)}}}};
}

json make_notification(std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", std::move(params)}};
}

std::string encode(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace whalesafe::lsp::transport
