// docs/model.md: every ```dockerfile example followed by a ```model block must still produce
// that model summary (dump_model).
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/model_dump.h"
#include "model_test_support.h"
#include "syntax/document.h"

namespace whalesafe::model {
namespace {

struct Example {
  int line = 0;  // 1-based line of the ```dockerfile fence
  std::string dockerfile;
  std::string expected;
};

std::vector<Example> examples(const std::string& markdown) {
  std::vector<std::string> lines;
  std::istringstream in(markdown);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  const auto block = [&](std::size_t& i) {  // i: the opening fence; leaves i on the closing one
    std::string text;
    for (++i; i < lines.size() && lines[i] != "```"; ++i) text += lines[i] + "\n";
    return text;
  };
  std::vector<Example> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != "```dockerfile") continue;
    Example e;
    e.line = static_cast<int>(i) + 1;
    e.dockerfile = block(i);
    std::size_t j = i + 1;
    while (j < lines.size() && lines[j].empty()) ++j;
    if (j < lines.size() && lines[j] == "```model") {
      e.expected = block(j);
      out.push_back(std::move(e));
      i = j;
    }
  }
  return out;
}

TEST_CASE("docs/model.md examples", "[docs]") {
  const std::string markdown =
      testing::read_file(std::filesystem::path(WHALESAFE_SOURCE_DIR) / "docs" / "model.md");
  const std::vector<Example> all = examples(markdown);
  REQUIRE(all.size() >= 6);
  for (const Example& e : all) {
    INFO("docs/model.md:" << e.line);
    const syntax::Document doc(e.dockerfile);
    CHECK(dump_model(doc, build_model(doc)) == e.expected);
  }
}

}  // namespace
}  // namespace whalesafe::model
