// Unified diffs of a file before and after fixing (`--diff`), in the format `patch -p1` and
// `git apply` read: `--- a/<path>`, `+++ b/<path>`, hunks with three lines of context, and
// "\ No newline at end of file" where a side ends without one.
#pragma once

#include <string>
#include <string_view>

namespace whalesafe::cli {

// The diff turning `before` into `after`, for `path`; empty when they are equal.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         int context = 3);

}  // namespace whalesafe::cli
