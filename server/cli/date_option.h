// `--date YYYY-MM-DD`, the day end of life is judged on, as `check` and `catalog` take it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/date.h"

namespace whalesafe::cli {

// Exactly YYYY-MM-DD and a real calendar day; nullopt otherwise (also for a trailing time,
// which catalog::Date::parse would accept).
std::optional<catalog::Date> parse_date_option(std::string_view text);

// The usage error for a value parse_date_option() refused.
std::string date_option_error(std::string_view text);

}  // namespace whalesafe::cli
