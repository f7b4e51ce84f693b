#include "config/size_limit.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

namespace whalesafe::config {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lower(std::string_view a, std::string_view lowercase) {
  if (a.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lowercase[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::size_t> parse_byte_size(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::size_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static constexpr std::array<std::pair<std::string_view, std::size_t>, 9> kUnits{{
      {"", 1},
      {"b", 1},
      {"k", 1024},
      {"kib", 1024},
      {"kb", 1000},
      {"m", 1024 * 1024},
      {"mib", 1024 * 1024},
      {"mb", 1000 * 1000},
      {"bytes", 1},
  }};
  for (const auto& [name, multiplier] : kUnits) {
    if (!equals_lower(unit, name)) continue;
    if (number == 0 || number > kLargestMaxFileBytes / multiplier) return std::nullopt;
    return number * multiplier;
  }
  return std::nullopt;
}

std::string format_byte_size(std::size_t bytes) {
  if (bytes != 0 && bytes % (1024 * 1024) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes != 0 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string too_large_message(std::string_view name, std::optional<std::size_t> size,
                              std::size_t limit) {
  const std::string how_large =
      size ? fmt::format("{} bytes", *size) : fmt::format("over {} bytes", limit);
  return fmt::format(
      "{}: file too large ({}, limit {}); raise the limit with --max-file-size or "
      "max-file-size in .whalesafe.yaml",
      name, how_large, format_byte_size(limit));
}

}  // namespace whalesafe::config
