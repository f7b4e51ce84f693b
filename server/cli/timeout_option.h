// The value of a `--timeout SECONDS` option, shared by the commands that go to the network.
#pragma once

#include <optional>
#include <string_view>

namespace whalesafe::cli {

// The longest timeout accepted, in seconds.
inline constexpr double kMaxTimeoutSeconds = 3600;

// Seconds as a positive decimal number up to kMaxTimeoutSeconds; nullopt otherwise.
std::optional<double> parse_timeout_seconds(std::string_view text);

}  // namespace whalesafe::cli
