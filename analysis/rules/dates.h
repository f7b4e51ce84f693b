// Calendar arithmetic for the rules that judge dates (base-image-eol): today's date and a
// date some days away. The catalog itself never reads the clock; this is the one place the
// rules do, and only when the settings give no date (RuleContext::eol_date()).
#pragma once

#include "catalog/date.h"

namespace whalesafe::rules {

// Today's date in UTC, from the system clock.
catalog::Date today_utc();

// `date` moved by `days` (negative: earlier), across months, years and leap days.
catalog::Date add_days(catalog::Date date, int days);

}  // namespace whalesafe::rules
