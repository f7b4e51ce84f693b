// Small questions about URLs written in a Dockerfile: scheme and host.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace whalesafe::rules {

// `http://...` (any case).
bool is_plain_http(std::string_view url);
// The host of `scheme://[user@]host[:port]/...` ("" when there is none).
std::string_view url_host(std::string_view url);
// localhost, 127.x.x.x, [::1] and 0.0.0.0: traffic that never leaves the machine.
bool is_loopback_url(std::string_view url);

// The offset of the first `http://` (any case) in text[start, end) that starts a URL (not
// preceded by a letter or digit).
std::optional<uint32_t> find_plain_http(std::string_view text, uint32_t start, uint32_t end);

// The end of a URL that starts at `start`: the first blank, quote or shell operator.
uint32_t url_end(std::string_view text, uint32_t start, uint32_t end);

}  // namespace whalesafe::rules
