// Highlights from grammar/queries/highlights.scm: the innermost capture wins, spans never overlap.
#include "editing/highlights.h"

#include <catch2/catch.hpp>
#include <map>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

using test_support::Annotations;

// Capture name -> the texts it covers.
std::multimap<std::string, std::string> spans_of(const std::string& code, uint32_t start,
                                                 uint32_t end) {
  const syntax::Document doc(code);
  std::multimap<std::string, std::string> out;
  uint32_t last_end = 0;
  for (const Highlight& h : highlights(doc, start, end)) {
    CHECK(h.start_byte >= last_end);  // sorted, disjoint
    CHECK(h.start_byte < h.end_byte);
    CHECK(h.start_byte >= start);
    CHECK(h.end_byte <= end);
    last_end = h.end_byte;
    out.emplace(std::string(highlight_capture_names()[h.capture]),
                code.substr(h.start_byte, h.end_byte - h.start_byte));
  }
  return out;
}

bool has(const std::multimap<std::string, std::string>& spans, const std::string& capture,
         const std::string& text) {
  const auto [from, to] = spans.equal_range(capture);
  for (auto it = from; it != to; ++it) {
    if (it->second == text) return true;
  }
  return false;
}

TEST_CASE("highlights: keywords, images, flags, variables inside strings", "[unit]") {
  const std::string code =
      "# comment\nFROM python:3.12 AS build\nCOPY --from=build /a /b\nENV A=\"x${B}y\"\n";
  const auto spans = spans_of(code, 0, static_cast<uint32_t>(code.size()));
  CHECK(has(spans, "comment", "# comment"));
  CHECK(has(spans, "keyword", "FROM"));
  CHECK(has(spans, "keyword", "AS"));
  CHECK(has(spans, "string.special", "python"));
  CHECK(has(spans, "label", "3.12"));
  CHECK(has(spans, "type", "build"));
  CHECK(has(spans, "attribute", "from"));
  CHECK(has(spans, "property", "A"));
  // The variable is cut out of the string around it.
  CHECK(has(spans, "variable", "B"));
  CHECK(has(spans, "string", "\"x"));
}

TEST_CASE("highlights of a range stay inside it", "[unit]") {
  const Annotations a("FROM alpine\n[[RUN echo hi]]\nUSER app\n");
  const auto spans = spans_of(a.code(), a.range().start_byte, a.range().end_byte);
  CHECK(has(spans, "keyword", "RUN"));
  CHECK_FALSE(has(spans, "keyword", "FROM"));
  CHECK_FALSE(has(spans, "keyword", "USER"));
}

}  // namespace
}  // namespace whalesafe::editing
