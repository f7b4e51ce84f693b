#include "cli/date_option.h"

#include <fmt/format.h>

namespace whalesafe::cli {

std::optional<catalog::Date> parse_date_option(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return catalog::Date::parse(text);
}

std::string date_option_error(std::string_view text) {
  return fmt::format("--date takes a calendar date as YYYY-MM-DD, not '{}'", text);
}

}  // namespace whalesafe::cli
