// Which files `check` looks at: explicit files as given, and in directories (recursively) the
// files named like Dockerfiles: Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*,
// Containerfile.* (case-insensitive). Hidden directories (.git, ...) are not entered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::cli {

bool is_dockerfile_name(std::string_view file_name);

struct Discovered {
  std::vector<std::string> files;   // in argument order; each directory's files sorted
  std::vector<std::string> errors;  // "<path>: No such file or directory", ...
};

// Expands arguments ("-" is kept as is: standard input).
Discovered discover(const std::vector<std::string>& arguments);

}  // namespace whalesafe::cli
