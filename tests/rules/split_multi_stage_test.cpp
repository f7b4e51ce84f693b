// The multi-stage split (analysis/rewrites/split_*.cpp) beyond its fixtures: the examples of
// docs/fixes/split-multi-stage.md are what the fix does (a ```dockerfile before block, then
// its ```dockerfile after block; a ```dockerfile declined block, then a ```text why block
// holding the reason the message gives), and the planner's path helpers.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "rewrites/rewrite.h"
#include "rewrites/split_scan.h"
#include "support.h"

namespace {

namespace testing = whalesafe::testing;
constexpr std::string_view kSlug = "build-tools-in-final-stage";

struct Block {
  std::string info;  // the fence's info string, e.g. "dockerfile before"
  std::string text;
  std::size_t line = 0;
};

std::vector<Block> fenced_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::size_t number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("```")) {
      if (open != nullptr) {
        open = nullptr;
      } else {
        blocks.push_back({line.substr(3), "", number});
        open = &blocks.back();
      }
      continue;
    }
    if (open != nullptr) open->text += line + "\n";
  }
  return blocks;
}

}  // namespace

TEST_CASE("the split's documentation examples are what the fix does", "[split]") {
  const std::optional<std::string> doc =
      testing::read_file(std::string(WHALESAFE_SOURCE_DIR) + "/docs/fixes/split-multi-stage.md");
  REQUIRE(doc.has_value());
  const std::vector<Block> blocks = fenced_blocks(*doc);
  std::size_t fixed = 0;
  std::size_t declined = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    INFO("docs/fixes/split-multi-stage.md:" << b.line);
    if (b.info == "dockerfile before") {
      REQUIRE(i + 1 < blocks.size());
      REQUIRE(blocks[i + 1].info == "dockerfile after");
      const std::string result = testing::fix_for_rule(b.text, kSlug);
      CHECK(result == blocks[i + 1].text);
      CHECK(testing::check_for_rule(result, "syntax-error").empty());
      CHECK(testing::fix_for_rule(result, kSlug) == result);
      ++fixed;
    } else if (b.info == "dockerfile declined") {
      REQUIRE(i + 1 < blocks.size());
      REQUIRE(blocks[i + 1].info == "text why");
      std::string why = blocks[i + 1].text;
      while (!why.empty() && why.back() == '\n') why.pop_back();
      const auto found = testing::check_for_rule(b.text, kSlug);
      CHECK_FALSE(found.empty());
      for (const auto& d : found) {
        INFO(d.message);
        CHECK_FALSE(d.fix.has_value());
        CHECK(d.message.find("no automatic split: " + why) != std::string::npos);
      }
      ++declined;
    }
  }
  CHECK(fixed >= 6);  // one per language
  CHECK(declined >= 3);
}

TEST_CASE("the split's path helpers", "[split]") {
  using whalesafe::rewrites::split::join_path;
  using whalesafe::rewrites::split::path_inside;
  CHECK(join_path("/src", "../out/app") == "/out/app");
  CHECK(join_path("/src", "./build/") == "/src/build");
  CHECK(join_path("/src", "/abs//x/.") == "/abs/x");
  CHECK(join_path("/", "..") == "/");
  CHECK(path_inside("/app/dist/x.js", "/app"));
  CHECK(path_inside("/app", "/app"));
  CHECK_FALSE(path_inside("/application", "/app"));
  CHECK(path_inside("/anything", "/"));
}
