// Every editor feature at every position of half-typed and broken documents: no crash, and
// every range it returns lies inside the text (completion ranges end at the cursor).
#include <catch2/catch.hpp>

#include "editing/completion.h"
#include "editing/formatting.h"
#include "editing/highlights.h"
#include "editing/hover.h"
#include "editing/occurrences.h"
#include "editing/outline.h"

namespace whalesafe::editing {
namespace {

constexpr catalog::Date kToday{2026, 11, 23};

// A document using most of the syntax the features look at.
constexpr std::string_view kFull = R"(# syntax=docker/dockerfile:1
ARG VERSION=3.12
FROM --platform=$BUILDPLATFORM python:${VERSION}-slim AS build
ARG VERSION
ENV APP=/app \
    MODE="x${VERSION}y"
RUN --mount=type=cache,target=/root/.cache,sharing=locked \
    pip install "app==$VERSION" && echo ${MODE:-none}
COPY <<EOF /etc/motd
hello $APP
EOF
FROM build AS test
ONBUILD run echo hi
HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1
FROM alpine:3.20
COPY --from=build --chown=app:app /app /app
CMD ["python", "-m", "app"]
)";

bool inside(model::ByteRange r, std::size_t size) {
  return r.start_byte <= r.end_byte && r.end_byte <= size;
}

void exercise(const std::string& text) {
  const syntax::Document doc(text);
  const model::Model model = model::build_model(doc);
  const std::size_t size = text.size();
  for (const OutlineSymbol& s : outline(doc, model)) CHECK(inside(s.range, size));
  for (const FoldingRange& f : folding_ranges(doc, model)) CHECK(f.end_row > f.start_row);
  for (const Highlight& h : highlights(doc, 0, static_cast<uint32_t>(size))) {
    CHECK(inside({h.start_byte, h.end_byte}, size));
  }
  for (const findings::TextEdit& e : format(doc, model, {})) {
    CHECK(inside({e.start_byte, e.end_byte}, size));
  }
  for (uint32_t byte = 0; byte <= size; ++byte) {
    for (const Completion& c : complete(doc, model, byte)) {
      CHECK(inside(c.replace, size));
      CHECK(c.replace.end_byte == byte);
    }
    if (const auto h = hover(doc, model, {}, byte, kToday)) CHECK(inside(h->range, size));
    if (const auto symbol = symbol_at(doc, model, byte)) {
      CHECK(inside(symbol->range, size));
      for (const Occurrence& o : occurrences(doc, model, *symbol)) CHECK(inside(o.range, size));
      for (const model::ByteRange& d : definitions(doc, model, *symbol)) CHECK(inside(d, size));
    }
  }
}

TEST_CASE("every feature at every position of every prefix of a Dockerfile", "[robustness]") {
  // Prefixes stand for a file being typed from the top; a step keeps the test quick.
  for (std::size_t length = 0; length <= kFull.size(); length += 5) {
    INFO("prefix of " << length << " bytes");
    exercise(std::string(kFull.substr(0, length)));
  }
  exercise(std::string(kFull));
}

TEST_CASE("every feature on documents with a part cut out of the middle", "[robustness]") {
  for (std::size_t cut = 0; cut + 7 <= kFull.size(); cut += 23) {
    std::string text(kFull);
    text.erase(cut, 7);
    INFO("cut at " << cut);
    exercise(text);
  }
}

TEST_CASE("every feature on garbage, CRLF and a byte order mark", "[robustness]") {
  exercise(
      std::string("\xef\xbb\xbf"
                  "FROM alpine\r\nRUN a \\\r\n  b\r\n"));
  exercise(std::string("\x00\xff\xfe FROM \x80\x80 AS \\\n\\\n$\n${\n--mount=\n", 29));
  exercise("FROM a AS b\nFROM b AS a\nCOPY --from= /\nRUN --mount=from=,type= x\n");
  exercise("ARG\nENV\nFROM\nCOPY --\nRUN $\nRUN ${\nFROM :\nFROM python:\n");
}

}  // namespace
}  // namespace whalesafe::editing
