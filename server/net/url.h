// Absolute http(s) URLs, split for the HTTP client. Only what `catalog update` needs:
// scheme://host[:port][/path][?query], IPv6 literals in brackets; no user info, no fragments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::net {

struct Url {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets
  std::string port;    // numeric, defaulted from the scheme
  std::string target;  // path and query, at least "/"

  std::string to_string() const;
  bool is_https() const { return scheme == "https"; }
};

// nullopt with `error` set when `text` is not such a URL.
std::optional<Url> parse_url(std::string_view text, std::string* error);

// Whether `host` is a loopback name or address (localhost, 127.0.0.0/8, ::1): the only hosts
// plain http:// may be used with.
bool is_loopback_host(std::string_view host);

// `text` percent-encoded for a query parameter value: everything but A-Z a-z 0-9 - . _ ~.
std::string percent_encode(std::string_view text);

// `relative` (a redirect's Location) resolved against `base`.
std::optional<Url> resolve_url(const Url& base, std::string_view relative, std::string* error);

}  // namespace whalesafe::net
