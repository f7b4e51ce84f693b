#include "registry/resolve_error.h"

namespace whalesafe::registry {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_reference:
      return "invalid_reference";
    case ErrorKind::not_cached:
      return "not_cached";
    case ErrorKind::offline:
      return "offline";
    case ErrorKind::timeout:
      return "timeout";
    case ErrorKind::unauthorized:
      return "unauthorized";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::rate_limited:
      return "rate_limited";
    case ErrorKind::tls:
      return "tls";
    case ErrorKind::insecure:
      return "insecure";
    case ErrorKind::proxy:
      return "proxy";
    case ErrorKind::protocol:
      return "protocol";
    case ErrorKind::cancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace whalesafe::registry
