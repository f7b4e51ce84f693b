#include "rules/url_util.h"

#include <algorithm>
#include <cctype>

#include "rules/node_util.h"

namespace whalesafe::rules {

bool is_plain_http(std::string_view url) {
  return url.size() > 7 && iequals(url.substr(0, 7), "http://");
}

std::string_view url_host(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

bool is_loopback_url(std::string_view url) {
  const std::string host = ascii_lower(url_host(url));
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "0.0.0.0" ||
         host.ends_with(".localhost");
}

std::optional<uint32_t> find_plain_http(std::string_view text, uint32_t start, uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  for (uint32_t i = start; i + 7 <= end; ++i) {
    if ((text[i] != 'h' && text[i] != 'H') || !iequals(text.substr(i, 7), "http://")) continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0) continue;
    return i;
  }
  return std::nullopt;
}

uint32_t url_end(std::string_view text, uint32_t start, uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  uint32_t i = start;
  while (i < end &&
         std::string_view(" \t\r\n\"'`;|&<>()\\").find(text[i]) == std::string_view::npos) {
    ++i;
  }
  return i;
}

}  // namespace whalesafe::rules
