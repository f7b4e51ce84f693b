// The parse cache: unchanged RUN bodies are not parsed again after an edit; LRU bound.
#include <catch2/catch.hpp>

#include "shell/parse_cache.h"
#include "shell/shell_analysis.h"
#include "syntax/document.h"
#include "test_support.h"

using namespace whalesafe;
using namespace whalesafe::shell;

TEST_CASE("re-analysing an edited document parses only the changed shell text", "[cache]") {
  const auto m = whalesafe::shell::testing::marked(
      "FROM debian\n"
      "RUN apt-get update && \\\n"
      "    apt-get install -y curl\n"
      "RUN echo [[one]]\n"
      "RUN <<EOF\n"
      "make all\n"
      "EOF\n");
  syntax::Document doc(m.text);
  ParseCache cache;
  const auto first = analyze_document(doc, cache);
  REQUIRE(first.size() == 3);
  CHECK(cache.stats().misses == 3);
  CHECK(cache.stats().hits == 0);

  // Same texts at new offsets: lines inserted above move every RUN down.
  doc.edit(0, 0, "# a comment\n");
  const auto moved = analyze_document(doc, cache);
  CHECK(cache.stats().misses == 3);
  CHECK(cache.stats().hits == 3);
  CHECK(moved[0].parsed.get() == first[0].parsed.get());  // the very same parse
  // ... yet the Dockerfile ranges follow the edit.
  const Word* word = whalesafe::shell::testing::find_word(moved[1].script, "one");
  REQUIRE(word != nullptr);
  const uint32_t shift = static_cast<uint32_t>(std::string_view("# a comment\n").size());
  CHECK(word->doc.covering == ByteRange{m.ranges[0].start + shift, m.ranges[0].end + shift});

  // Changing one RUN parses that one only.
  doc.edit(m.ranges[0].start + shift, m.ranges[0].end + shift, "two");
  const auto edited = analyze_document(doc, cache);
  CHECK(cache.stats().misses == 4);
  CHECK(cache.stats().hits == 5);
  CHECK(edited[1].source.text == "echo two");
}

TEST_CASE("the cache evicts the least recently used text", "[cache]") {
  ParseCache cache(2);
  const auto a = cache.parse("echo a");
  cache.parse("echo b");
  cache.parse("echo a");  // a is now the most recent
  cache.parse("echo c");  // evicts b
  CHECK(cache.stats().size == 2);
  CHECK(cache.stats().evictions == 1);
  CHECK(cache.parse("echo a").get() == a.get());
  const uint64_t misses = cache.stats().misses;
  cache.parse("echo b");
  CHECK(cache.stats().misses == misses + 1);
  // An evicted entry stays valid for whoever holds it.
  CHECK(a->script().commands.size() == 1);
}

TEST_CASE("a document with more shell texts than the cache holds is not reparsed", "[cache]") {
  // 300 distinct RUN texts through a cache made for 8: analysing the document raises the
  // capacity, so re-analysing it after an edit elsewhere parses nothing again.
  std::string text = "FROM debian\n";
  for (int i = 0; i < 300; ++i) text += "RUN echo step" + std::to_string(i) + "\n";
  syntax::Document doc(text);
  ParseCache cache(8);
  analyze_document(doc, cache);
  CHECK(cache.stats().misses == 300);
  doc.edit(0, 0, "# a comment\n");
  analyze_document(doc, cache);
  CHECK(cache.stats().misses == 300);
  CHECK(cache.stats().hits == 300);
  CHECK(cache.stats().evictions == 0);
}
