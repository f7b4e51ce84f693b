// syntax::flags() must find exactly what fields(instruction, "flag") finds: it only reads the
// text after the keyword and stops its walk earlier, trusting the grammar to put flags before
// every other field. Checked on chosen instructions, on every node of the corpus' trees, and on
// texts broken by random edits, where error recovery shapes the tree.
#include "syntax/tree_util.h"

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/document.h"
#include "test_support.h"

namespace whalesafe::syntax {
namespace {

bool same_nodes(const std::vector<TSNode>& a, const std::vector<TSNode>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!ts_node_eq(a[i], b[i])) return false;
  }
  return true;
}

// Every node of the tree that has a "flag" field in its type: instructions, including those
// inside ONBUILD and inside ERROR nodes.
std::size_t compare_everywhere(const Document& doc, std::string& first_mismatch) {
  std::size_t compared = 0;
  walk(doc.root(), [&](TSNode n) {
    if (!ts_node_is_named(n)) return true;
    ++compared;
    if (!same_nodes(flags(doc, n), fields(n, "flag")) && first_mismatch.empty()) {
      first_mismatch = std::string(doc.node_text(n));
    }
    return true;
  });
  return compared;
}

std::vector<std::string> flag_texts(const Document& doc, TSNode instruction) {
  std::vector<std::string> out;
  for (TSNode f : flags(doc, instruction)) out.emplace_back(doc.node_text(f));
  return out;
}

TEST_CASE("flags() lists an instruction's flags, wherever its other fields are",
          "[syntax][tree_util]") {
  const Document doc(
      "FROM --platform=linux/amd64 alpine:3.20 AS base\n"
      "RUN --mount=type=cache,target=/root/.cache \\\n"
      "    # a comment between the flags\n"
      "    --network=none pip install -r requirements.txt --no-cache-dir\n"
      "COPY --from=base --chown=1000:1000 a b /dst/\n"
      "COPY src/--not-a-flag /x\n"
      "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ --retry 3\n"
      "ONBUILD RUN --mount=type=secret,id=x cat /run/secrets/x\n"
      "RUN echo --mount=not-a-flag\n"
      "RUN \\\n  --network=host make\n"
      "COPY\t--link . /app\n");
  const std::vector<TSNode>& is = doc.instructions();
  REQUIRE(is.size() == 9);
  CHECK(flag_texts(doc, is[0]) == std::vector<std::string>{"--platform=linux/amd64"});
  CHECK(flag_texts(doc, is[1]) ==
        std::vector<std::string>{"--mount=type=cache,target=/root/.cache", "--network=none"});
  CHECK(flag_texts(doc, is[2]) == std::vector<std::string>{"--from=base", "--chown=1000:1000"});
  CHECK(flag_texts(doc, is[3]).empty());
  CHECK(flag_texts(doc, is[4]) == std::vector<std::string>{"--interval=5s"});
  CHECK(flag_texts(doc, is[5]).empty());  // ONBUILD's own; the wrapped RUN has one
  CHECK(flag_texts(doc, field(is[5], "instruction")) ==
        std::vector<std::string>{"--mount=type=secret,id=x"});
  CHECK(flag_texts(doc, is[6]).empty());
  CHECK(flag_texts(doc, is[7]) == std::vector<std::string>{"--network=host"});
  CHECK(flag_texts(doc, is[8]) == std::vector<std::string>{"--link"});
  std::string mismatch;
  CHECK(compare_everywhere(doc, mismatch) > 0);
  CHECK(mismatch.empty());

  // A continuation right after the keyword, with the other escape character.
  const Document tick("# escape=`\nFROM x\nRUN `\n  --network=none make\n");
  REQUIRE(tick.instructions().size() == 2);
  CHECK(flag_texts(tick, tick.instructions()[1]) == std::vector<std::string>{"--network=none"});
}

TEST_CASE("flags() equals fields(n, \"flag\") on the corpus, and after random edits",
          "[syntax][tree_util][corpus]") {
  const auto corpus = testing::shared_path("corpus");
  if (!corpus) return;
  std::istringstream manifest(testing::read_file(*corpus / "MANIFEST.tsv"));
  std::mt19937 rng(20261125);
  // Bytes that move flags, words and lines around, or break them.
  static constexpr std::string_view kInserted = "-=\\\n #\"[ ]$x";
  std::size_t files = 0;
  std::size_t nodes = 0;
  std::string line;
  while (std::getline(manifest, line)) {
    const std::string name = line.substr(0, line.find('\t'));
    if (name.empty() || name == "file" || !std::filesystem::is_regular_file(*corpus / name)) {
      continue;
    }
    const std::string text = testing::read_file(*corpus / name);
    std::string mismatch;
    nodes += compare_everywhere(Document(text), mismatch);
    INFO(name);
    REQUIRE(mismatch.empty());
    // Three broken variants per file: a byte inserted or removed at a random place.
    for (int k = 0; k < 3 && !text.empty(); ++k) {
      std::string edited = text;
      const std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
      if (k == 2) {
        edited.erase(at, 1);
      } else {
        edited.insert(
            at, 1,
            kInserted[std::uniform_int_distribution<std::size_t>(0, kInserted.size() - 1)(rng)]);
      }
      nodes += compare_everywhere(Document(edited), mismatch);
      INFO("edited at byte " << at);
      REQUIRE(mismatch.empty());
    }
    ++files;
  }
  CHECK(files > 100);
  CHECK(nodes > 10000);
}

}  // namespace
}  // namespace whalesafe::syntax
