// BuildKit shell-lexer conformance: shared/conformance/buildkit-shell/envVarTest (single words)
// and wordsTest (word splitting), in the format its README describes.
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/word_expansion.h"
#include "model_test_support.h"
#include "syntax/go_text.h"

namespace whalesafe::model {
namespace {

using testing::read_file;
using testing::shared_path;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

using Env = std::map<std::string, std::string, std::less<>>;

VariableLookup lookup_in(const Env& env) {
  return [&env](std::string_view name) -> std::optional<std::string_view> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

TEST_CASE("BuildKit envVarTest: single-word expansion", "[buildkit_shell]") {
  const auto dir = shared_path("conformance/buildkit-shell");
  if (!dir) return;
  const Env env{{"PWD", "/home"}, {"SHELL", "bash"}, {"KOREAN", "한국어"}, {"NULL", ""}};
  std::istringstream in(read_file(*dir / "envVarTest"));
  std::string line;
  int run = 0;
  int windows_only = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string> fields = split(line, '|');
    REQUIRE(fields.size() == 3);
    const std::string platform(syntax::go::trim_space(fields[0]));
    const std::string source(syntax::go::trim_space(fields[1]));
    const std::string expected(syntax::go::trim_space(fields[2]));
    REQUIRE((platform == "A" || platform == "U" || platform == "W"));
    if (platform == "W") {  // Windows compares variable names case-insensitively
      ++windows_only;
      continue;
    }
    ++run;
    INFO("line: " << line);
    const WordExpansion result = expand_word(source, lookup_in(env));
    if (expected == "error") {
      CHECK_FALSE(result.ok());
    } else {
      CHECK(result.error.has_value() == false);
      if (result.error) INFO("error: " << result.error->message);
      CHECK(result.value == expected);
    }
  }
  CHECK(run == 228);
  CHECK(windows_only == 2);
}

TEST_CASE("BuildKit wordsTest: word splitting", "[buildkit_shell]") {
  const auto dir = shared_path("conformance/buildkit-shell");
  if (!dir) return;
  Env env;
  std::istringstream in(read_file(*dir / "wordsTest"));
  std::string line;
  int run = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    if (line.rfind("ENV ", 0) == 0) {
      // Everything after "ENV " is kept (trailing spaces included); later entries win.
      const std::string entry = line.substr(line.find_first_not_of(' ', 3));
      const std::size_t eq = entry.find('=');
      env[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
      continue;
    }
    const std::vector<std::string> fields = split(line, '|');
    REQUIRE(fields.size() == 2);
    const std::string source(syntax::go::trim_space(fields[0]));
    const std::vector<std::string> expected =
        split(fields[1].substr(std::min(fields[1].find_first_not_of(' '), fields[1].size())), ',');
    ++run;
    INFO("line: " << line);
    const WordExpansion result = expand_word(source, lookup_in(env));
    const std::vector<std::string> words =
        result.ok() ? result.words : std::vector<std::string>{"error"};
    CHECK(words == expected);
  }
  CHECK(run == 24);
}

}  // namespace
}  // namespace whalesafe::model
