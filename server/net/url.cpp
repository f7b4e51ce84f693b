#include "net/url.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>

namespace whalesafe::net {

std::string Url::to_string() const {
  const bool default_port =
      (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + shown_host + (default_port ? "" : ":" + port) + target;
}

std::optional<Url> parse_url(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<Url> {
    if (error != nullptr) *error = "'" + std::string(text) + "': " + std::move(message);
    return std::nullopt;
  };
  Url url;
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos) return fail("not an absolute URL (scheme://host/...)");
  url.scheme = std::string(text.substr(0, colon));
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (url.scheme != "https" && url.scheme != "http") return fail("only https:// and http://");
  std::string_view rest = text.substr(colon + 3);
  const std::size_t path_start = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, path_start);
  std::string_view target = rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) return fail("user info is not supported");
  if (const std::size_t hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  std::string_view port;
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated [IPv6 address]");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return fail("text after ]");
    if (!after.empty()) port = after.substr(1);
  } else {
    const std::size_t port_colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, std::min(port_colon, authority.size())));
    if (port_colon != std::string_view::npos) port = authority.substr(port_colon + 1);
  }
  if (url.host.empty()) return fail("no host");
  if (port.empty()) {
    url.port = url.is_https() ? "443" : "80";
  } else {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; })) {
      return fail("bad port");
    }
    const int number = std::stoi(std::string(port));
    if (number < 1 || number > 65535) return fail("port out of range");
    url.port = std::to_string(number);
  }
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() == '?') url.target.insert(0, "/");
  for (const char c : url.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return fail("space or control in path");
  }
  return url;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::optional<Url> resolve_url(const Url& base, std::string_view relative, std::string* error) {
  if (relative.find("://") != std::string_view::npos) return parse_url(relative, error);
  Url url = base;
  if (relative.starts_with("//"))
    return parse_url(base.scheme + ":" + std::string(relative), error);
  if (relative.starts_with("/")) {
    url.target = std::string(relative);
  } else {
    const std::size_t query = std::min(base.target.find('?'), base.target.size());
    const std::size_t slash = base.target.rfind('/', query);
    url.target = base.target.substr(0, slash + 1) + std::string(relative);
  }
  return parse_url(url.to_string(), error);
}

}  // namespace whalesafe::net
