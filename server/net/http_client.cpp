#include "net/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <optional>

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

  std::unique_ptr<Connection> connect(const Url& url) {
    const std::string where = url.host + " port " + url.port;
    tcp::resolver resolver(io);
    bool done = false;
    error_code ec;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url.host, url.port,
                           [&](const error_code& e, tcp::resolver::results_type r) {
                             ec = e;
                             endpoints = std::move(r);
                             done = true;
                           });
    wait(
        done, [&] { resolver.cancel(); }, "resolving " + url.host);
    if (ec) {
      throw FetchError(FetchError::Kind::unreachable,
                       "cannot resolve host '" + url.host + "': " + ec.message());
    }
    if (!url.is_https()) {
      for (const auto& entry : endpoints) {
        if (!entry.endpoint().address().is_loopback()) {
          throw FetchError(FetchError::Kind::insecure,
                           "plain http:// is only allowed to loopback addresses, and '" + url.host +
                               "' resolves to " + entry.endpoint().address().to_string());
        }
      }
    }

    auto connection = std::make_unique<Connection>();
    if (url.is_https()) {
      connection->tls.emplace(io, tls_context);
    } else {
      connection->plain.emplace(io);
    }
    done = false;
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
    if (!url.is_https()) return connection;

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
      throw FetchError(FetchError::Kind::tls,
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

  // One GET without following redirects: (status, Location, body).
  http::response<http::string_body> fetch_once(const Url& url, const Headers& headers) {
    const std::string key = url.scheme + "://" + url.host + ":" + url.port;
    http::request<http::empty_body> request{http::verb::get, url.target, 11};
    const bool default_port =
        (url.is_https() && url.port == "443") || (!url.is_https() && url.port == "80");
    const std::string host =
        url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    request.set(http::field::host, default_port ? host : host + ":" + url.port);
    request.set(http::field::user_agent, options.user_agent);
    for (const auto& [name, value] : headers) request.set(name, value);
    request.keep_alive(true);

    for (int attempt = 0;; ++attempt) {
      auto& slot = connections[key];
      if (!slot) slot = connect(url);
      http::response_parser<http::string_body> parser;
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
        throw FetchError(kind, "reading " + url.to_string() + ": " + ec.message());
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

HttpResponse HttpClient::get(const Url& start, const Headers& headers) {
  Url url = start;
  for (int redirects = 0;; ++redirects) {
    if (!url.is_https() && !is_loopback_host(url.host)) {
      throw FetchError(FetchError::Kind::insecure,
                       "plain http:// is only allowed to loopback addresses: " + url.to_string());
    }
    http::response<http::string_body> response = impl_->fetch_once(url, headers);
    const unsigned status = response.result_int();
    if (status == 200) return HttpResponse{url, std::move(response.body())};
    const auto location = response.find(http::field::location);
    if (is_redirect(status) && location != response.end()) {
      if (redirects >= impl_->options.max_redirects) {
        throw FetchError(FetchError::Kind::http_status,
                         "GET " + start.to_string() + ": too many redirects");
      }
      std::string error;
      std::optional<Url> next = resolve_url(url, std::string(location->value()), &error);
      if (!next) throw FetchError(FetchError::Kind::protocol, "bad redirect " + error);
      url = *next;
      continue;
    }
    throw FetchError(FetchError::Kind::http_status, "GET " + url.to_string() + ": HTTP " +
                                                        std::to_string(status) + " " +
                                                        std::string(response.reason()));
  }
}

}  // namespace whalesafe::net
