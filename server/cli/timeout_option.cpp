#include "cli/timeout_option.h"

#include <charconv>
#include <system_error>

namespace whalesafe::cli {

std::optional<double> parse_timeout_seconds(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!(value > 0) || value > kMaxTimeoutSeconds) return std::nullopt;
  return value;
}

}  // namespace whalesafe::cli
