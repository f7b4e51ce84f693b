#pragma once

#include <string>
#include <vector>

namespace whalesafe::cli {

// `whalesafe resolve [options] REF...`: prints each image reference pinned by digest
// (REF@sha256:...), asking its registry or the on-disk cache (registry/resolver.h).
int run_resolve_command(const std::vector<std::string>& args);

}  // namespace whalesafe::cli
