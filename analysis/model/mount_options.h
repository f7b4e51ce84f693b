// The comma-separated `key=value` options of `RUN --mount=...` (read as CSV, as BuildKit does),
// each with its position in the flag value's text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::model {

struct MountOption {
  std::string key;    // lower-cased, as BuildKit compares keys
  std::string value;  // after `=`, CSV quotes removed ("" for a bare key such as `readonly`)
  // Byte offsets of the value in the text given to parse_mount_options. When the field was
  // CSV-quoted the range covers the whole field instead.
  std::size_t value_start = 0;
  std::size_t value_end = 0;
  bool quoted = false;
};

std::vector<MountOption> parse_mount_options(std::string_view text);

}  // namespace whalesafe::model
