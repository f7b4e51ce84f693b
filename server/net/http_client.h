// A small blocking HTTPS/HTTP client (Boost.Beast over Boost.Asio + OpenSSL) for
// `whalesafe catalog update` and the registry resolver (registry/). One deadline covers every
// request the client makes until it is moved (a total timeout, not a per-read one);
// connections are kept alive and reused per host, since an update makes a few hundred
// requests to the same two hosts. Not thread-safe: one client per thread.
//
// Security: https:// verifies the certificate chain against the system trust store (OpenSSL's
// default paths, so SSL_CERT_FILE / SSL_CERT_DIR apply) and the host name; plain http:// is
// refused unless the host is a loopback address (tests serve files locally) or one the caller
// lists in `insecure_hosts`, checked both on the name and (loopback) on every address it
// resolves to. Redirects follow the same rules and drop Authorization when they change host.
//
// Proxies (`HttpOptions::proxy`, usually proxy_config_from_env()): https:// goes through an
// HTTP CONNECT tunnel, so TLS and its checks are end to end; http:// is sent to the proxy in
// absolute form.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/proxy.h"
#include "net/url.h"

namespace whalesafe::net {

class FetchError : public std::runtime_error {
 public:
  enum class Kind {
    unreachable,  // DNS failure, connection refused or reset: probably offline
    timeout,      // the deadline passed
    tls,          // the TLS handshake failed (e.g. the server does not speak TLS)
    certificate,  // the server's certificate did not verify (chain or host name)
    insecure,     // plain http:// to a host that is not loopback
    http_status,  // an answer other than 200 (after redirects)
    protocol,     // not HTTP, too large, truncated
    proxy,        // the proxy refused the tunnel (e.g. 407 Proxy Authentication Required)
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
  ProxyConfig proxy;                        // none unless set
  std::vector<std::string> insecure_hosts;  // "host" or "host:port": plain http:// allowed
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  Url url;  // where the body came from, after redirects
  unsigned status = 0;
  std::string reason;
  Headers headers;
  std::string body;  // empty for HEAD

  // The first header called `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET `url` (following redirects) and return the body of its 200 answer. Throws FetchError.
  HttpResponse get(const Url& url, const Headers& headers = {});

  // `method` (GET or HEAD) `url`, following redirects, and return the final answer whatever
  // its status (the caller reads 401 challenges and 404s). Throws FetchError when no answer
  // comes (offline, timeout, TLS, refused plain http, not HTTP).
  HttpResponse request(std::string_view method, const Url& url, const Headers& headers = {});

  // Moves the deadline for the requests that follow (e.g. one per resolved reference).
  void set_deadline(std::chrono::steady_clock::time_point deadline);

  // Whether plain http:// may be used with `url`'s host: loopback or listed as insecure.
  bool plain_http_allowed(const Url& url) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace whalesafe::net
