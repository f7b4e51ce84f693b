#include "net/http_client.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace whalesafe::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct Connection {
  std::optional<tcp::socket> plain;
  std::optional<ssl::stream<tcp::socket>> tls;
  boost::beast::flat_buffer buffer;
  bool reused = false;  // has answered a request before: the server may have closed it since

  tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }
};

bool is_redirect(unsigned status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Errors meaning a kept-alive connection was closed by the server between two requests.
bool is_stale_connection(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == ssl::error::stream_truncated;
}

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  asio::io_context io;
  ssl::context tls_context{ssl::context::tls_client};
  std::map<std::string, std::unique_ptr<Connection>> connections;  // by scheme://host:port

  explicit Impl(HttpOptions o) : options(std::move(o)) {
    tls_context.set_default_verify_paths();
    tls_context.set_verify_mode(ssl::verify_peer);
    SSL_CTX_set_min_proto_version(tls_context.native_handle(), TLS1_2_VERSION);
  }

  // Runs the started operation until `done` or the deadline; past the deadline, `cancel`
  // aborts it and FetchError(timeout) says what was being done.
  template <typename Cancel>
  void wait(const bool& done, Cancel cancel, const std::string& doing) {
    io.restart();
    io.run_until(options.deadline);
    if (done) return;
    cancel();
    io.restart();
    io.run();  // lets the aborted handler run before its state goes away
    throw FetchError(FetchError::Kind::timeout, "timed out while " + doing);
  }

  // getaddrinfo() on a thread of its own: it cannot be cancelled, and Asio's resolver would
  // make the io_context (and so the whole update) wait for it past the deadline. On timeout
  // the thread is left to finish alone; it only touches the shared state.
  std::vector<tcp::endpoint> resolve(const Url& url) {
    struct State {
      std::mutex mutex;
      std::condition_variable done;
      bool finished = false;
      int status = 0;
      std::vector<tcp::endpoint> endpoints;
    };
    auto state = std::make_shared<State>();
    std::thread([state, host = url.host, port = url.port] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* found = nullptr;
      const int status = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
      std::vector<tcp::endpoint> endpoints;
      for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        tcp::endpoint endpoint;
        if (a->ai_addrlen > endpoint.capacity()) continue;
        std::memcpy(endpoint.data(), a->ai_addr, a->ai_addrlen);
        endpoint.resize(a->ai_addrlen);
        endpoints.push_back(endpoint);
      }
      if (found != nullptr) ::freeaddrinfo(found);
      const std::lock_guard lock(state->mutex);
      state->status = status;
      state->endpoints = std::move(endpoints);
      state->finished = true;
      state->done.notify_all();
    }).detach();
    std::unique_lock lock(state->mutex);
    if (!state->done.wait_until(lock, options.deadline, [&] { return state->finished; })) {
      throw FetchError(FetchError::Kind::timeout, "timed out while resolving " + url.host);
    }
    if (state->status != 0 || state->endpoints.empty()) {
      const std::string reason = state->status != 0 ? ::gai_strerror(state->status) : "no address";
      throw FetchError(FetchError::Kind::unreachable,
                       "cannot resolve host '" + url.host + "': " + reason);
    }
    return state->endpoints;
  }

  // Asks the proxy for a tunnel to `url`'s host and port (HTTP CONNECT) on the freshly
  // connected socket; TLS then runs through it to the real host.
  void tunnel(Connection& connection, const Url& url, const Proxy& proxy) {
    const std::string authority =
        (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) + ":" +
        url.port;
    const std::string where = "proxy " + proxy.url.host + " port " + proxy.url.port;
    http::request<http::empty_body> request{http::verb::connect, authority, 11};
    request.set(http::field::host, authority);
    request.set(http::field::user_agent, options.user_agent);
    if (!proxy.authorization.empty()) {
      request.set(http::field::proxy_authorization, proxy.authorization);
    }
    bool done = false;
    error_code ec;
    const auto on_done = [&](const error_code& e, std::size_t) {
      ec = e;
      done = true;
    };
    const auto cancel = [&] { connection.socket().close(); };
    http::async_write(connection.socket(), request, on_done);
    wait(done, cancel, "asking " + where + " for a tunnel to " + authority);
    // An answer to CONNECT has no body, whatever its headers say.
    http::response_parser<http::empty_body> parser;
    parser.skip(true);
    boost::beast::flat_buffer buffer;
    if (!ec) {
      done = false;
      http::async_read(connection.socket(), buffer, parser, on_done);
      wait(done, cancel, "waiting for " + where + " to open a tunnel to " + authority);
    }
    if (ec) {
      throw FetchError(FetchError::Kind::unreachable,
                       "tunnel through " + where + " to " + authority + " failed: " + ec.message());
    }
    const auto& response = parser.get();
    if (response.result_int() != 200) {
      throw FetchError(FetchError::Kind::proxy, where + " refused a tunnel to " + authority +
                                                    ": HTTP " +
                                                    std::to_string(response.result_int()) + " " +
                                                    std::string(response.reason()));
    }
    if (buffer.size() != 0) {
      throw FetchError(FetchError::Kind::protocol,
                       where + " sent data before the tunnel to " + authority + " was used");
    }
  }

  bool listed_insecure(const Url& url) const {
    const auto lower = [](std::string text) {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    };
    const std::string host = lower(url.host);
    return std::any_of(options.insecure_hosts.begin(), options.insecure_hosts.end(),
                       [&](const std::string& entry) {
                         const std::string e = lower(entry);
                         return e == host || e == host + ":" + url.port;
                       });
  }

  // Opens a TCP connection to `url`'s host, or to `proxy` (then, for https://, a CONNECT
  // tunnel through it), and does the TLS handshake for https://.
  std::unique_ptr<Connection> connect(const Url& url, const std::optional<Proxy>& proxy) {
    const Url& peer = proxy ? proxy->url : url;
    const std::string where = (proxy ? "proxy " : "") + peer.host + " port " + peer.port;
    const std::vector<tcp::endpoint> endpoints = resolve(peer);
    if (!url.is_https() && !proxy && !listed_insecure(url)) {
      for (const tcp::endpoint& endpoint : endpoints) {
        if (!endpoint.address().is_loopback()) {
          throw FetchError(FetchError::Kind::insecure,
                           "plain http:// is only allowed to loopback addresses, and '" + url.host +
                               "' resolves to " + endpoint.address().to_string());
        }
      }
    }

    bool done = false;
    error_code ec;
    auto connection = std::make_unique<Connection>();
    if (url.is_https()) {
      connection->tls.emplace(io, tls_context);
    } else {
      connection->plain.emplace(io);
    }
    asio::async_connect(connection->socket(), endpoints, [&](const error_code& e, const auto&) {
      ec = e;
      done = true;
    });
    wait(
        done, [&] { connection->socket().close(); }, "connecting to " + where);
    if (ec) {
      throw FetchError(FetchError::Kind::unreachable,
                       "cannot connect to " + where + ": " + ec.message());
    }
    // Requests are small single writes answered before the next one: no batching wanted.
    connection->socket().set_option(tcp::no_delay(true), ec);
    if (!url.is_https()) return connection;
    if (proxy) tunnel(*connection, url, *proxy);

    SSL* handle = connection->tls->native_handle();
    error_code not_ip;
    asio::ip::make_address(url.host, not_ip);
    // Server Name Indication: by name only (RFC 6066 forbids IP literals).
    if (not_ip && SSL_set_tlsext_host_name(handle, url.host.c_str()) != 1) {
      throw FetchError(FetchError::Kind::tls, "cannot set the TLS server name " + url.host);
    }
    connection->tls->set_verify_callback(ssl::host_name_verification(url.host));
    done = false;
    connection->tls->async_handshake(ssl::stream_base::client, [&](const error_code& e) {
      ec = e;
      done = true;
    });
    wait(
        done, [&] { connection->socket().close(); }, "in the TLS handshake with " + where);
    if (ec) {
      // A certificate that does not verify is told apart from a peer that does not speak TLS
      // at all (a plain-HTTP server answers the handshake with garbage).
      const bool certificate = SSL_get_verify_result(handle) != X509_V_OK ||
                               (ec.category() == asio::error::get_ssl_category() &&
                                ERR_GET_REASON(static_cast<unsigned long>(ec.value())) ==
                                    SSL_R_CERTIFICATE_VERIFY_FAILED);
      throw FetchError(certificate ? FetchError::Kind::certificate : FetchError::Kind::tls,
                       "TLS handshake with " + where + " failed: " + ec.message());
    }
    return connection;
  }

  // One request on `connection`; the error code is returned for the caller to retry on.
  error_code exchange(Connection& connection, const http::request<http::empty_body>& request,
                      http::response_parser<http::string_body>& parser, const Url& url) {
    bool done = false;
    error_code ec;
    const auto on_done = [&](const error_code& e, std::size_t) {
      ec = e;
      done = true;
    };
    const auto cancel = [&] { connection.socket().close(); };
    if (connection.tls) {
      http::async_write(*connection.tls, request, on_done);
    } else {
      http::async_write(*connection.plain, request, on_done);
    }
    wait(done, cancel, "sending the request for " + url.to_string());
    if (ec) return ec;
    done = false;
    if (connection.tls) {
      http::async_read(*connection.tls, connection.buffer, parser, on_done);
    } else {
      http::async_read(*connection.plain, connection.buffer, parser, on_done);
    }
    wait(done, cancel, "reading the answer from " + url.to_string());
    return ec;
  }

  // One request without following redirects.
  http::response<http::string_body> fetch_once(http::verb method, const Url& url,
                                               const Headers& headers) {
    const std::optional<Proxy> proxy = proxy_for(options.proxy, url);
    const std::string key = url.scheme + "://" + url.host + ":" + url.port;
    // Through a proxy, plain http:// requests name the whole URL (absolute form).
    const std::string target = proxy && !url.is_https() ? url.to_string() : url.target;
    http::request<http::empty_body> request{method, target, 11};
    const bool default_port =
        (url.is_https() && url.port == "443") || (!url.is_https() && url.port == "80");
    const std::string host =
        url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    request.set(http::field::host, default_port ? host : host + ":" + url.port);
    request.set(http::field::user_agent, options.user_agent);
    if (proxy && !url.is_https() && !proxy->authorization.empty()) {
      request.set(http::field::proxy_authorization, proxy->authorization);
    }
    for (const auto& [name, value] : headers) request.set(name, value);
    request.keep_alive(true);

    for (int attempt = 0;; ++attempt) {
      auto& slot = connections[key];
      if (!slot) slot = connect(url, proxy);
      http::response_parser<http::string_body> parser;
      parser.skip(method == http::verb::head);  // a HEAD answer announces a body it omits
      parser.body_limit(options.body_limit);
      parser.header_limit(64 * 1024);
      const error_code ec = exchange(*slot, request, parser, url);
      if (ec) {
        const bool retry = slot->reused && attempt == 0 && is_stale_connection(ec);
        connections.erase(key);
        if (retry) continue;
        if (ec == http::error::body_limit) {
          throw FetchError(FetchError::Kind::protocol,
                           url.to_string() + ": answer larger than " +
                               std::to_string(options.body_limit / (1024 * 1024)) + " MiB");
        }
        const auto kind =
            is_stale_connection(ec) ? FetchError::Kind::unreachable : FetchError::Kind::protocol;
        std::string reason = ec.message();
        if (ec == http::error::partial_message) {
          reason = "the answer was cut short (the connection closed early)";
        } else if (ec.category() == http::make_error_code(http::error::bad_version).category()) {
          reason = "not a valid HTTP answer (" + reason + ")";
        }
        throw FetchError(kind, "reading " + url.to_string() + ": " + reason);
      }
      http::response<http::string_body> response = parser.release();
      if (response.keep_alive()) {
        slot->reused = true;
      } else {
        connections.erase(key);
      }
      return response;
    }
  }
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, boost::beast::string_view(name.data(), name.size())))
      return value;
  }
  return "";
}

void HttpClient::set_deadline(std::chrono::steady_clock::time_point deadline) {
  impl_->options.deadline = deadline;
}

bool HttpClient::plain_http_allowed(const Url& url) const {
  return is_loopback_host(url.host) || impl_->listed_insecure(url);
}

HttpResponse HttpClient::request(std::string_view method_name, const Url& start,
                                 const Headers& start_headers) {
  const http::verb method =
      http::string_to_verb(boost::beast::string_view(method_name.data(), method_name.size()));
  if (method != http::verb::get && method != http::verb::head) {
    throw std::invalid_argument("HttpClient::request: only GET and HEAD");
  }
  Url url = start;
  Headers headers = start_headers;
  for (int redirects = 0;; ++redirects) {
    if (!url.is_https() && !plain_http_allowed(url)) {
      throw FetchError(FetchError::Kind::insecure,
                       "plain http:// is only allowed to loopback addresses and registries "
                       "listed as insecure: " +
                           url.to_string());
    }
    http::response<http::string_body> response = impl_->fetch_once(method, url, headers);
    const unsigned status = response.result_int();
    const auto location = response.find(http::field::location);
    if (is_redirect(status) && location != response.end()) {
      if (redirects >= impl_->options.max_redirects) {
        throw FetchError(
            FetchError::Kind::http_status,
            std::string(method_name) + " " + start.to_string() + ": too many redirects");
      }
      std::string error;
      std::optional<Url> next = resolve_url(url, std::string(location->value()), &error);
      if (!next) throw FetchError(FetchError::Kind::protocol, "bad redirect " + error);
      // Credentials are for the host they were given to, not wherever it redirects.
      if (next->host != url.host || next->port != url.port || next->scheme != url.scheme) {
        std::erase_if(headers, [](const auto& header) {
          return boost::beast::iequals(header.first, "Authorization");
        });
      }
      url = *next;
      continue;
    }
    HttpResponse out;
    out.url = url;
    out.status = status;
    out.reason = std::string(response.reason());
    for (const auto& field : response) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(response.body());
    return out;
  }
}

HttpResponse HttpClient::get(const Url& url, const Headers& headers) {
  HttpResponse response = request("GET", url, headers);
  if (response.status == 200) return response;
  throw FetchError(FetchError::Kind::http_status, "GET " + response.url.to_string() + ": HTTP " +
                                                      std::to_string(response.status) + " " +
                                                      response.reason);
}

}  // namespace whalesafe::net
