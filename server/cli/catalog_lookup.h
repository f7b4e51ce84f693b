// `whalesafe catalog IMAGE[:TAG]...`: what the offline catalog knows about image references.
#pragma once

#include <iosfwd>
#include <string_view>

#include "catalog/date.h"

namespace whalesafe::cli {

// Writes what the catalog knows about `reference` (maintained or not, its most precise pin,
// variant, platforms, release and base system with their end of life judged on `day`,
// extended support, a smaller variant). Returns false, writing nothing, when the reference
// does not name a Docker Official Image the catalog knows.
bool describe_reference(std::ostream& out, std::string_view reference, catalog::Date day);

}  // namespace whalesafe::cli
