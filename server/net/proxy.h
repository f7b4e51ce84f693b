// Proxies from the environment, the way curl and most command-line tools read them:
// HTTPS_PROXY for https:// URLs (tunnelled with HTTP CONNECT), HTTP_PROXY for http:// URLs
// (absolute-form requests), each also in lower case (lower case wins, as in curl), and
// NO_PROXY for the hosts reached directly. Unlike Go programs, loopback hosts are proxied
// unless NO_PROXY names them (curl's rule; it is also what lets the tests run a proxy locally).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/url.h"

namespace whalesafe::net {

struct Proxy {
  Url url;                    // http://host:port (the proxy itself is spoken to in plain HTTP)
  std::string authorization;  // "Basic ..." from user:password in the proxy URL, or ""
};

struct ProxyConfig {
  std::optional<Proxy> http;
  std::optional<Proxy> https;
  std::vector<std::string> no_proxy;  // entries as written, lower-cased and trimmed
};

// Reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (and their lower-case forms). An unusable proxy
// setting is left out and described in `warnings` (when given).
ProxyConfig proxy_config_from_env(std::vector<std::string>* warnings = nullptr);

// `text` as a proxy: "host:port", "http://host:port", "http://user:password@host:port".
// https:// proxies (TLS to the proxy itself) are not supported.
std::optional<Proxy> parse_proxy(std::string_view text, std::string* error);

// Whether NO_PROXY `entries` exempt `host` (port `port`): "*" matches all; "example.com" and
// ".example.com" match that domain and its subdomains; IP addresses match exactly and
// CIDR ranges ("10.0.0.0/8", "fd00::/8") by prefix; an entry with ":port" only that port.
bool no_proxy_matches(const std::vector<std::string>& entries, std::string_view host,
                      std::string_view port);

// The proxy to use for `url`, or nullopt to connect directly.
std::optional<Proxy> proxy_for(const ProxyConfig& config, const Url& url);

}  // namespace whalesafe::net
