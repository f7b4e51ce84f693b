#include "net/proxy.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <cstdlib>

#include "net/base64.h"

namespace whalesafe::net {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The first set variable among `names`, or "".
std::string env_first(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return "";
}

// Whether `address` lies in the CIDR range `range` ("10.0.0.0/8").
bool in_cidr(const boost::asio::ip::address& address, std::string_view range) {
  const std::size_t slash = range.find('/');
  boost::system::error_code ec;
  const auto network = boost::asio::ip::make_address(std::string(range.substr(0, slash)), ec);
  if (ec || network.is_v4() != address.is_v4()) return false;
  const std::string bits_text(range.substr(slash + 1));
  if (bits_text.empty() || bits_text.size() > 3 ||
      !std::all_of(bits_text.begin(), bits_text.end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return false;
  }
  const int bits = std::stoi(bits_text);
  const auto bytes_of = [](const boost::asio::ip::address& a) {
    if (a.is_v4()) {
      const auto b = a.to_v4().to_bytes();
      return std::vector<unsigned char>(b.begin(), b.end());
    }
    const auto b = a.to_v6().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
  };
  const std::vector<unsigned char> a = bytes_of(address);
  const std::vector<unsigned char> n = bytes_of(network);
  if (bits > static_cast<int>(a.size() * 8)) return false;
  for (int bit = 0; bit < bits; ++bit) {
    const unsigned mask = 0x80u >> (bit % 8);
    if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) return false;
  }
  return true;
}

bool entry_matches(std::string_view entry, std::string_view host, std::string_view port) {
  if (entry == "*") return true;
  // host:port (an IPv6 entry is bracketed when it has a port).
  std::string_view entry_host = entry;
  if (entry.starts_with("[")) {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return false;
    entry_host = entry.substr(1, close - 1);
    const std::string_view rest = entry.substr(close + 1);
    if (rest.starts_with(":") && rest.substr(1) != port) return false;
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    const std::size_t colon = entry.find(':');
    if (entry.substr(colon + 1) != port) return false;
    entry_host = entry.substr(0, colon);
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (!ec) {
    if (entry_host.find('/') != std::string_view::npos) return in_cidr(address, entry_host);
    boost::system::error_code entry_ec;
    const auto entry_address = boost::asio::ip::make_address(std::string(entry_host), entry_ec);
    return !entry_ec && entry_address == address;
  }
  if (entry_host.starts_with(".")) entry_host.remove_prefix(1);
  if (entry_host.empty()) return false;
  if (host == entry_host) return true;
  return host.size() > entry_host.size() && host.ends_with(entry_host) &&
         host[host.size() - entry_host.size() - 1] == '.';
}

}  // namespace

std::optional<Proxy> parse_proxy(std::string_view text, std::string* error) {
  text = trim(text);
  std::string full(text);
  if (full.find("://") == std::string::npos) full = "http://" + full;
  const std::size_t authority_start = full.find("://") + 3;
  const std::size_t authority_end =
      std::min(full.find_first_of("/?#", authority_start), full.size());
  const std::size_t at = full.rfind('@', authority_end);
  std::string authorization;
  if (at != std::string::npos && at >= authority_start) {
    authorization = "Basic " + base64_encode(full.substr(authority_start, at - authority_start));
    full.erase(authority_start, at + 1 - authority_start);
  }
  const std::string authority = full.substr(
      authority_start,
      std::min(full.find_first_of("/?#", authority_start), full.size()) - authority_start);
  const std::size_t last_colon = authority.rfind(':');
  const bool has_port =
      last_colon != std::string::npos &&
      (authority.find(']') == std::string::npos || last_colon > authority.find(']'));
  std::string url_error;
  std::optional<Url> url = parse_url(full, &url_error);
  if (!url) {
    if (error != nullptr) *error = "bad proxy URL " + url_error;
    return std::nullopt;
  }
  if (url->is_https()) {
    if (error != nullptr)
      *error = "https:// proxies are not supported: '" + std::string(text) + "'";
    return std::nullopt;
  }
  if (!has_port) url->port = "1080";  // curl's default proxy port when none is written
  url->target = "/";
  return Proxy{*url, authorization};
}

ProxyConfig proxy_config_from_env(std::vector<std::string>* warnings) {
  ProxyConfig config;
  const auto read = [&](std::initializer_list<const char*> names) -> std::optional<Proxy> {
    const std::string value = env_first(names);
    if (value.empty()) return std::nullopt;
    std::string error;
    std::optional<Proxy> proxy = parse_proxy(value, &error);
    if (!proxy && warnings != nullptr) {
      warnings->push_back("ignoring " + std::string(*names.begin()) + ": " + error);
    }
    return proxy;
  };
  config.http = read({"http_proxy", "HTTP_PROXY"});
  config.https = read({"https_proxy", "HTTPS_PROXY"});
  const std::string no_proxy = env_first({"no_proxy", "NO_PROXY"});
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    const std::size_t comma = std::min(no_proxy.find(',', start), no_proxy.size());
    const std::string entry = lower(trim(std::string_view(no_proxy).substr(start, comma - start)));
    if (!entry.empty()) config.no_proxy.push_back(entry);
    start = comma + 1;
  }
  return config;
}

bool no_proxy_matches(const std::vector<std::string>& entries, std::string_view host,
                      std::string_view port) {
  const std::string host_lower = lower(host);
  return std::any_of(entries.begin(), entries.end(), [&](const std::string& entry) {
    return entry_matches(entry, host_lower, port);
  });
}

std::optional<Proxy> proxy_for(const ProxyConfig& config, const Url& url) {
  const std::optional<Proxy>& proxy = url.is_https() ? config.https : config.http;
  if (!proxy || no_proxy_matches(config.no_proxy, url.host, url.port)) return std::nullopt;
  return proxy;
}

}  // namespace whalesafe::net
