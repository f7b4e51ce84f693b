// JSON-RPC 2.0 messages as the LSP base protocol uses them: classification of a received body
// into a request, notification or response, and the error responses for bodies that are none
// of these. Knows nothing of LSP methods.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace whalesafe::lsp::transport {

using nlohmann::json;

// JSON-RPC's and LSP's reserved error codes.
namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;
inline constexpr int kContentModified = -32801;
inline constexpr int kRequestFailed = -32803;
}  // namespace error_code

struct Message {
  enum class Kind { kRequest, kNotification, kResponse };
  Kind kind = Kind::kNotification;
  json id;             // requests and responses: an integer or a string
  std::string method;  // requests and notifications
  json params;         // object, array, or null when absent
  json result;         // responses
  json error;          // responses: null on success
};

// What was wrong with a body, as the error response to send (`id` null when unknown).
struct Rejection {
  json response;
};

// Parses and classifies one body.
std::variant<Message, Rejection> decode(std::string_view body);

json make_result(const json& id, json result);
json make_error(const json& id, int code, std::string_view message);
json make_notification(std::string_view method, json params);

// Serializes a message; invalid UTF-8 in strings is replaced, never thrown on.
std::string encode(const json& message);

}  // namespace whalesafe::lsp::transport
