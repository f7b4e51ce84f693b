// Reading one Dockerfile for `check`: size limit, binary detection, standard input.
#pragma once

#include <optional>
#include <string>

namespace whalesafe::cli {

// Reads `path` ("-" is standard input) into `text`, refusing files over `max_bytes` (without
// reading them: a glob may hit a huge file); on failure returns a one-line reason that starts
// with the path.
std::optional<std::string> read_dockerfile(const std::string& path, std::string& text,
                                           std::size_t max_bytes);

}  // namespace whalesafe::cli
