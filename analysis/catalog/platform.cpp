#include "catalog/platform.h"

#include <algorithm>
#include <array>
#include <vector>

#include "syntax/ascii.h"

namespace whalesafe::catalog {
namespace {

struct ArchitectureName {
  std::string_view bashbrew;
  std::string_view os;
  std::string_view architecture;
  std::string_view variant;
};
// Every name official-images uses (bashbrew's architectures).
constexpr std::array<ArchitectureName, 11> kArchitectures{{
    {"amd64", "linux", "amd64", ""},
    {"arm32v5", "linux", "arm", "v5"},
    {"arm32v6", "linux", "arm", "v6"},
    {"arm32v7", "linux", "arm", "v7"},
    {"arm64v8", "linux", "arm64", "v8"},
    {"i386", "linux", "386", ""},
    {"mips64le", "linux", "mips64le", ""},
    {"ppc64le", "linux", "ppc64le", ""},
    {"riscv64", "linux", "riscv64", ""},
    {"s390x", "linux", "s390x", ""},
    {"windows-amd64", "windows", "amd64", ""},
}};

// Spellings Docker accepts for an architecture, and the variant they imply.
struct Alias {
  std::string_view spelling;
  std::string_view architecture;
  std::string_view variant;
};
constexpr std::array<Alias, 8> kAliases{{
    {"x86_64", "amd64", ""},
    {"x86-64", "amd64", ""},
    {"aarch64", "arm64", ""},
    {"armhf", "arm", "v7"},
    {"armel", "arm", "v6"},
    {"i386", "386", ""},
    {"i686", "386", ""},
    {"ppc64el", "ppc64le", ""},
}};

bool known_architecture(std::string_view architecture) {
  for (const ArchitectureName& name : kArchitectures) {
    if (name.architecture == architecture) return true;
  }
  return false;
}

bool is_os(std::string_view word) { return word == "linux" || word == "windows"; }

}  // namespace

std::string Platform::to_string() const {
  std::string text = os + "/" + architecture;
  if (!variant.empty()) text += "/" + variant;
  return text;
}

std::optional<Platform> platform_of_architecture(std::string_view architecture) {
  for (const ArchitectureName& name : kArchitectures) {
    if (name.bashbrew == architecture) {
      return Platform{std::string(name.os), std::string(name.architecture),
                      std::string(name.variant)};
    }
  }
  return std::nullopt;
}

std::optional<Platform> parse_platform(std::string_view text) {
  const std::string lower = syntax::ascii_lower(text);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = std::min(lower.find('/', start), lower.size());
    parts.push_back(lower.substr(start, slash - start));
    if (slash == lower.size()) break;
    start = slash + 1;
  }
  Platform p;
  // `arm64` alone names an architecture (of Linux); `linux` alone names only an OS.
  if (parts.size() == 1 && !is_os(parts[0])) parts.insert(parts.begin(), "linux");
  if (parts.size() < 2 || parts.size() > 3 || !is_os(parts[0])) return std::nullopt;
  p.os = parts[0];
  p.architecture = parts[1];
  if (parts.size() == 3) p.variant = parts[2];
  for (const Alias& alias : kAliases) {
    if (p.architecture == alias.spelling) {
      p.architecture = alias.architecture;
      if (p.variant.empty()) p.variant = alias.variant;
    }
  }
  if (!known_architecture(p.architecture)) return std::nullopt;
  if (p.architecture == "arm64") {
    if (p.variant == "8") p.variant = "v8";
    if (p.variant.empty()) p.variant = "v8";
  } else if (p.architecture == "arm") {
    if (p.variant.size() == 1) p.variant = "v" + p.variant;  // linux/arm/7
    if (p.variant.empty()) p.variant = "v7";
  }
  return p;
}

bool serves(const Platform& published, const Platform& wanted) {
  if (published.os != wanted.os || published.architecture != wanted.architecture) return false;
  if (wanted.architecture == "arm") {
    // v5 < v6 < v7 < v8: one digit after the `v`.
    return published.variant.size() == 2 && wanted.variant.size() == 2 &&
           published.variant <= wanted.variant;
  }
  if (wanted.architecture == "arm64") return published.variant == wanted.variant;
  return true;  // amd64/v2..v4 and the architectures without variants
}

}  // namespace whalesafe::catalog
