// Which file names are credentials: private keys, dotenv files, package-manager and cloud
// credential files, kubeconfigs. Used by secret-file-copied.
#pragma once

#include <optional>
#include <string_view>

namespace whalesafe::rules {

// What kind of credential the path (a COPY/ADD source, possibly a directory) names, e.g.
// "an SSH private key", or nullopt for an ordinary file.
std::optional<std::string_view> credential_file_kind(std::string_view path);

}  // namespace whalesafe::rules
