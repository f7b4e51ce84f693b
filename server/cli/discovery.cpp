#include "cli/discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "syntax/ascii.h"

namespace whalesafe::cli {
namespace {}  // namespace

bool is_dockerfile_name(std::string_view file_name) {
  const std::string n = syntax::ascii_lower(file_name);
  for (std::string_view base : {"dockerfile", "containerfile"}) {
    if (n == base) return true;
    if (n.size() > base.size() + 1 && n.starts_with(base) && n[base.size()] == '.') return true;
  }
  return n.size() > 11 && n.ends_with(".dockerfile");
}

Discovered discover(const std::vector<std::string>& arguments) {
  namespace fs = std::filesystem;
  Discovered out;
  for (const std::string& arg : arguments) {
    if (arg == "-") {
      out.files.push_back(arg);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      out.errors.push_back(fmt::format("{}: No such file or directory", arg));
      continue;
    }
    if (!fs::is_directory(status)) {
      out.files.push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      out.errors.push_back(fmt::format("{}: {}", arg, ec.message()));
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      const std::string name = entry.path().filename().string();
      if (entry.is_directory(ec)) {
        // Symbolic links to directories are not followed (the iterator's default), hidden
        // directories hold VCS data and caches, not the project's Dockerfiles.
        if (name.starts_with('.')) it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file(ec) && is_dockerfile_name(name)) {
        found.push_back(entry.path().string());
      }
    }
    if (ec) out.errors.push_back(fmt::format("{}: {}", arg, ec.message()));
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace whalesafe::cli
