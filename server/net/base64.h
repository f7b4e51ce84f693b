// Standard base64 (RFC 4648, with padding) for HTTP Basic credentials and the `auth` field of
// Docker's config.json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::net {

std::string base64_encode(std::string_view bytes);

// nullopt when `text` is not base64 (padding optional; no whitespace inside).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace whalesafe::net
