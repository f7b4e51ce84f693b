// Why a reference could not be resolved, in categories a caller can act on (the CLI prints
// the message; a language server may retry an `offline` or `timeout` later but not a
// `not_found`).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace whalesafe::registry {

enum class ErrorKind {
  invalid_reference,  // not an image reference, or one holding an unsubstituted variable
  not_cached,         // offline mode and the cache has no entry
  offline,            // the registry (or proxy) cannot be reached: DNS, refused, reset
  timeout,            // no complete answer before the deadline
  unauthorized,       // 401/403, or a token service that refused
  not_found,          // no such tag (or repository)
  rate_limited,       // 429
  tls,                // TLS handshake or certificate verification failed
  insecure,           // plain http:// to a registry not allowed to use it
  proxy,              // the proxy refused the tunnel
  protocol,           // an answer the resolver cannot use (bad digest, unexpected status)
  cancelled,          // the asynchronous resolver was destroyed before the request ran
};

// A short name for messages and JSON: "not_found", "timeout", ...
std::string_view error_kind_name(ErrorKind kind);

class ResolveError : public std::runtime_error {
 public:
  ResolveError(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace whalesafe::registry
