#include "findings/diagnostic.h"

#include <array>
#include <cctype>
#include <tuple>

namespace whalesafe::findings {
namespace {
constexpr std::array<std::string_view, 4> kNames{"error", "warning", "info", "style"};
}

std::string_view severity_name(Severity severity) {
  return kNames[static_cast<std::size_t>(severity)];
}

std::optional<Severity> parse_severity(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const std::string_view candidate = kNames[i];
    if (candidate.size() != name.size()) continue;
    bool same = true;
    for (std::size_t j = 0; j < name.size() && same; ++j) {
      same = std::tolower(static_cast<unsigned char>(name[j])) == candidate[j];
    }
    if (same) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.start_byte, a.end_byte, a.rule, a.message) <
         std::tie(b.start_byte, b.end_byte, b.rule, b.message);
}

}  // namespace whalesafe::findings
