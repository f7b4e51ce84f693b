// copy-ignored-file with real build contexts on disk: which ignore file BuildKit reads.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "rules/runner.h"
#include "syntax/document.h"

namespace {

namespace fs = std::filesystem;

struct Context {
  fs::path dir;
  Context() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("whalesafe-ignore-test-" + std::to_string(rd()));
    fs::create_directories(dir);
  }
  ~Context() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
  }
};

// The sources copy-ignored-file reports for `text` as the Dockerfile `name` in `context`.
std::vector<std::string> reported(const Context& context, const std::string& name,
                                  const std::string& text) {
  const whalesafe::syntax::Document doc(text);
  whalesafe::rules::RuleSettings settings;
  settings.dockerfile_path = (context.dir / name).string();
  std::vector<std::string> out;
  for (const auto& d :
       whalesafe::rules::check_document(doc, whalesafe::rules::RuleSelection::all(), settings)) {
    if (d.rule == "copy-ignored-file")
      out.push_back(text.substr(d.start_byte, d.end_byte - d.start_byte));
  }
  return out;
}

constexpr const char* kDockerfile = "FROM alpine:3.22\nCOPY a.txt b.txt /srv/\n";

}  // namespace

TEST_CASE("copy-ignored-file reads the context's .dockerignore", "[copy-ignored-file]") {
  Context c;
  CHECK(reported(c, "Dockerfile", kDockerfile).empty());  // no ignore file: nothing to say
  c.write(".dockerignore", "a.txt\n");
  CHECK(reported(c, "Dockerfile", kDockerfile) == std::vector<std::string>{"a.txt"});
}

TEST_CASE("a <Dockerfile>.dockerignore takes the place of .dockerignore", "[copy-ignored-file]") {
  Context c;
  c.write(".dockerignore", "a.txt\n");
  c.write("build.Dockerfile.dockerignore", "b.txt\n");
  CHECK(reported(c, "build.Dockerfile", kDockerfile) == std::vector<std::string>{"b.txt"});
  CHECK(reported(c, "Dockerfile", kDockerfile) == std::vector<std::string>{"a.txt"});
}

TEST_CASE("without a Dockerfile path (standard input, editors) nothing is checked",
          "[copy-ignored-file]") {
  const whalesafe::syntax::Document doc(kDockerfile);
  const whalesafe::rules::RuleSettings settings;
  for (const auto& d :
       whalesafe::rules::check_document(doc, whalesafe::rules::RuleSelection::all(), settings)) {
    CHECK(d.rule != "copy-ignored-file");
  }
}
