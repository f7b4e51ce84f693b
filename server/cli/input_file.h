// Reading one Dockerfile for `check`: size limit, binary detection, standard input.
#pragma once

#include <optional>
#include <string>

namespace whalesafe::cli {

// Largest input accepted (real Dockerfiles are a few KiB).
inline constexpr std::size_t kMaxDockerfileBytes = 10u * 1024u * 1024u;

// Reads `path` ("-" is standard input) into `text`; on failure returns a one-line reason
// that starts with the path.
std::optional<std::string> read_dockerfile(const std::string& path, std::string& text);

}  // namespace whalesafe::cli
