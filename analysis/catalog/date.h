// A calendar date without time zone, as endoflife.date writes them ("2026-07-11"). Callers
// pass "today" explicitly: nothing in the catalog reads the clock.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::catalog {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31 (checked against the month, leap years included)

  auto operator<=>(const Date&) const = default;

  // "YYYY-MM-DD" exactly (a trailing "T..." time part is accepted and ignored, so commit
  // timestamps parse to their local date). nullopt for anything else or an impossible day.
  static std::optional<Date> parse(std::string_view text);

  std::string to_string() const;  // "YYYY-MM-DD"
};

}  // namespace whalesafe::catalog
