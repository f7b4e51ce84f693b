// The runtime image of a multi-stage split, chosen from the build image with the catalog:
// distroless/static or Alpine for Go, the slim Node and Python images, the JRE variant for
// Java, Debian slim (of the build image's own release) for Rust and C/C++.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "rewrites/split_scan.h"

namespace whalesafe::rewrites::split {

struct RuntimeImage {
  std::string reference;           // "debian:bookworm-slim"
  bool has_shell = true;           // false for distroless
  bool apk = false;                // packages are installed with apk (else apt-get)
  std::set<std::string> programs;  // programs on its PATH that commands may run
};

// nullopt, with `why_not` set, when no runtime image can be named with confidence.
std::optional<RuntimeImage> choose_runtime(const Scan& scan, std::string& why_not);

}  // namespace whalesafe::rewrites::split
