// Which base images are documented to run as a non-root user by default, shared by the
// user-missing rule (no finding for them) and the add-non-root-user rewrite (nothing to add).
#pragma once

#include <string_view>

namespace whalesafe::rules {

// True for distroless and other `:nonroot`/`:non-root`/`:rootless` tags, Chainguard images
// and Windows Nano Server (ContainerUser). `reference` as resolved, any case.
bool defaults_to_non_root(std::string_view reference);

}  // namespace whalesafe::rules
