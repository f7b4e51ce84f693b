// The largest Dockerfile whalesafe reads: real Dockerfiles are a few KiB, and a bound keeps the
// memory and time of `check`, `fix`, `parse` and the language server bounded on whatever a
// glob or an editor hands us. Set with `--max-file-size` or `max-file-size:` in .whalesafe.yaml.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::config {

// 5 MiB: three orders of magnitude above the largest Dockerfile of the corpus.
inline constexpr std::size_t kDefaultMaxFileBytes = std::size_t{5} << 20;
// The parser counts bytes in 32 bits; it refuses documents over 2 GiB anyway.
inline constexpr std::size_t kLargestMaxFileBytes = std::size_t{1} << 30;

// Parses a size: a whole number of bytes, optionally followed by a unit: K or KiB (1024),
// M or MiB (1024^2), KB (1000), MB (1000^2), B (bytes); spaces before the unit are allowed,
// units are case-insensitive. Between 1 byte and kLargestMaxFileBytes. nullopt otherwise.
std::optional<std::size_t> parse_byte_size(std::string_view text);

// "5 MiB", "1500 bytes", "64 KiB": the exact size, in the largest binary unit dividing it.
std::string format_byte_size(std::size_t bytes);

// The command line's message for a file over the limit (`name` leads it). `size` is nullopt
// when unknown (standard input is read only up to the limit).
std::string too_large_message(std::string_view name, std::optional<std::size_t> size,
                              std::size_t limit);

}  // namespace whalesafe::config
