#include "rules/shellcheck_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

extern char** environ;

namespace whalesafe::rules::shellcheck {
namespace {

namespace fs = std::filesystem;

// SC1090/SC1091: `source` of a file that is not at hand (it is in the image, not here).
// SC2187: ShellCheck does not know ash; we check ash scripts as sh.
constexpr const char* kExcluded = "1090,1091,2187";

// Cached results, by dialect and text. Bounded: cleared when it grows past kCapacity.
constexpr std::size_t kCapacity = 8192;
std::mutex g_mutex;
std::unordered_map<std::string, std::vector<Comment>>& cache() {
  static std::unordered_map<std::string, std::vector<Comment>> map;
  return map;
}

std::string cache_key(Dialect dialect, const std::string& script) {
  std::string key(dialect_name(dialect));
  key += '\n';
  key += script;
  return key;
}

std::optional<std::string> find_on_path(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (true) {
    const std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + std::string(name);
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

// Runs `argv` and returns its standard output, or nullopt when it cannot start or exits with
// a status other than 0 or 1 (ShellCheck: 0 no findings, 1 findings, 2+ failure).
std::optional<std::string> run(const std::vector<std::string>& args) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    return std::nullopt;
  }
  std::string output;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) return std::nullopt;
  return output;
}

// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/whalesafe-shellcheck-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Checks `scripts` with one run of the program.
std::optional<std::vector<std::vector<Comment>>> run_batch(const std::vector<std::string>& scripts,
                                                           Dialect dialect) {
  const std::optional<std::string>& exe = program();
  if (!exe) return std::nullopt;
  TempDir dir;
  if (dir.path().empty()) return std::nullopt;
  std::vector<std::string> args{
      *exe,        "--norc", "--format=json1", "--shell", std::string(dialect_name(dialect)),
      "--exclude", kExcluded};
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    std::string file = dir.path() + "/" + std::to_string(i) + ".sh";
    std::ofstream out(file, std::ios::binary);
    out << scripts[i];
    if (!out.flush()) return std::nullopt;
    index_of.emplace(file, i);
    args.push_back(std::move(file));
  }
  const std::optional<std::string> output = run(args);
  if (!output) return std::nullopt;
  const auto comments = parse_json1(*output);
  if (!comments) return std::nullopt;
  std::vector<std::vector<Comment>> result(scripts.size());
  for (const auto& [file, comment] : *comments) {
    const auto it = index_of.find(file);
    if (it != index_of.end()) result[it->second].push_back(comment);
  }
  return result;
}

}  // namespace

std::string_view dialect_name(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSh:
      return "sh";
    case Dialect::kBash:
      return "bash";
    case Dialect::kDash:
      return "dash";
    case Dialect::kKsh:
      return "ksh";
  }
  return "sh";
}

std::optional<Dialect> dialect_of_program(std::string_view program) {
  const std::size_t slash = program.rfind('/');
  if (slash != std::string_view::npos) program.remove_prefix(slash + 1);
  if (program == "sh" || program == "ash" || program == "busybox") return Dialect::kSh;
  if (program == "bash") return Dialect::kBash;
  if (program == "dash") return Dialect::kDash;
  if (program == "ksh" || program == "mksh" || program == "ksh93") return Dialect::kKsh;
  return std::nullopt;
}

bool is_code(std::string_view name) {
  if (name.size() != 6 || (name[0] != 'S' && name[0] != 's') ||
      (name[1] != 'C' && name[1] != 'c')) {
    return false;
  }
  return std::all_of(name.begin() + 2, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const std::optional<std::string>& program() {
  static const std::optional<std::string> found = find_on_path("shellcheck");
  return found;
}

std::optional<std::vector<std::vector<Comment>>> check_scripts(
    const std::vector<std::string>& scripts, Dialect dialect) {
  if (!program()) return std::nullopt;
  std::vector<std::vector<Comment>> result(scripts.size());
  std::vector<std::size_t> missing;
  {
    const std::lock_guard lock(g_mutex);
    for (std::size_t i = 0; i < scripts.size(); ++i) {
      const auto it = cache().find(cache_key(dialect, scripts[i]));
      if (it == cache().end()) {
        missing.push_back(i);
      } else {
        result[i] = it->second;
      }
    }
  }
  if (missing.empty()) return result;
  std::vector<std::string> batch;
  for (std::size_t i : missing) batch.push_back(scripts[i]);
  const auto checked = run_batch(batch, dialect);
  if (!checked) return std::nullopt;
  const std::lock_guard lock(g_mutex);
  if (cache().size() + missing.size() > kCapacity) cache().clear();
  for (std::size_t k = 0; k < missing.size(); ++k) {
    result[missing[k]] = (*checked)[k];
    cache()[cache_key(dialect, scripts[missing[k]])] = (*checked)[k];
  }
  return result;
}

std::vector<std::optional<std::vector<Comment>>> cached_results(
    const std::vector<std::string>& scripts, Dialect dialect) {
  std::vector<std::optional<std::vector<Comment>>> result(scripts.size());
  if (!program()) return result;
  const std::lock_guard lock(g_mutex);
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    const auto it = cache().find(cache_key(dialect, scripts[i]));
    if (it != cache().end()) result[i] = it->second;
  }
  return result;
}

namespace {
thread_local Deferral* t_deferral = nullptr;
}  // namespace

DeferralScope::DeferralScope(Deferral& deferral) : previous_(t_deferral) { t_deferral = &deferral; }
DeferralScope::~DeferralScope() { t_deferral = previous_; }
Deferral* active_deferral() { return t_deferral; }

std::optional<std::vector<std::pair<std::string, Comment>>> parse_json1(std::string_view json) {
  const nlohmann::json root = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("comments") || !root["comments"].is_array()) {
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Comment>> out;
  for (const nlohmann::json& c : root["comments"]) {
    if (!c.is_object()) return std::nullopt;
    try {
      Comment comment;
      comment.code = c.at("code").get<int>();
      comment.level = c.at("level").get<std::string>();
      comment.message = c.at("message").get<std::string>();
      comment.line = c.at("line").get<uint32_t>();
      comment.column = c.at("column").get<uint32_t>();
      comment.end_line = c.value("endLine", comment.line);
      comment.end_column = c.value("endColumn", comment.column);
      out.emplace_back(c.at("file").get<std::string>(), std::move(comment));
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace whalesafe::rules::shellcheck
