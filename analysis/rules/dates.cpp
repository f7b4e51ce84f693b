#include "rules/dates.h"

#include <chrono>

namespace whalesafe::rules {
namespace {

catalog::Date from_days(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd(days);
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

catalog::Date today_utc() {
  return from_days(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

catalog::Date add_days(catalog::Date date, int days) {
  const std::chrono::year_month_day ymd(std::chrono::year(date.year),
                                        std::chrono::month(static_cast<unsigned>(date.month)),
                                        std::chrono::day(static_cast<unsigned>(date.day)));
  return from_days(std::chrono::sys_days(ymd) + std::chrono::days(days));
}

}  // namespace whalesafe::rules
