// Platforms, as the official images publish them and as `FROM --platform=` asks for them.
// official-images names architectures the bashbrew way (`arm64v8`, `arm32v7`, `i386`,
// `windows-amd64`); a Dockerfile names OCI platforms (`linux/arm64`, `linux/arm/v7`,
// `linux/386`). This maps the one onto the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::catalog {

struct Platform {
  std::string os;            // "linux", "windows"
  std::string architecture;  // "amd64", "arm64", "arm", "386", "s390x", ...
  std::string variant;       // "v7" for arm, "v8" for arm64; "" when none is named

  bool operator==(const Platform&) const = default;
  std::string to_string() const;  // "linux/arm/v7", "linux/amd64"
};

// The platform of an official-images architecture: amd64 -> linux/amd64, arm32v7 ->
// linux/arm/v7, arm64v8 -> linux/arm64/v8, i386 -> linux/386, windows-amd64 ->
// windows/amd64. nullopt for a name the table does not use.
std::optional<Platform> platform_of_architecture(std::string_view architecture);

// A `--platform` value, normalized as Docker reads it: lower case, `os/arch[/variant]`, the
// usual aliases (x86_64 -> amd64, aarch64 -> arm64, armhf -> arm/v7, armel -> arm/v6, i386 ->
// 386), and the default variants (arm -> v7, arm64 -> v8). nullopt when the OS or the
// architecture is not one the official images could publish (or the text is not a platform).
std::optional<Platform> parse_platform(std::string_view text);

// Whether an image published for `published` is an image for `wanted`: same OS and
// architecture; for 32-bit arm, a published variant up to the wanted one (a v7 machine runs
// v6 and v5 code); amd64's micro-architecture levels (`linux/amd64/v3`) run amd64 images.
bool serves(const Platform& published, const Platform& wanted);

}  // namespace whalesafe::catalog
