// A small blocking HTTPS/HTTP GET client (Boost.Beast over Boost.Asio + OpenSSL) for
// `whalesafe catalog update`. One deadline covers every request the client makes (a total
// timeout, not a per-read one); connections are kept alive and reused per host, since an
// update makes a few hundred requests to the same two hosts.
//
// Security: https:// verifies the certificate chain against the system trust store (OpenSSL's
// default paths, so SSL_CERT_FILE / SSL_CERT_DIR apply) and the host name; plain http:// is
// refused unless the host is a loopback address (tests serve files locally), checked both on
// the name and on every address it resolves to. Redirects follow the same rules.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "net/url.h"

namespace whalesafe::net {

class FetchError : public std::runtime_error {
 public:
  enum class Kind {
    unreachable,  // DNS failure, connection refused or reset: probably offline
    timeout,      // the deadline passed
    tls,          // handshake or certificate verification failed
    insecure,     // plain http:// to a host that is not loopback
    http_status,  // an answer other than 200 (after redirects)
    protocol,     // not HTTP, too large, truncated
  };
  FetchError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct HttpOptions {
  std::chrono::steady_clock::time_point deadline;
  std::string user_agent = "whalesafe";
  std::size_t body_limit = 32u * 1024u * 1024u;  // per response
  int max_redirects = 5;
};

struct HttpResponse {
  Url url;  // where the body came from, after redirects
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET `url` (following redirects) and return the body of its 200 answer. Throws FetchError.
  HttpResponse get(const Url& url, const Headers& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace whalesafe::net
