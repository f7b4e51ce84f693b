// LineIndex (positions in utf-8 and utf-16, clamping), merged change ranges, file URIs.
#include <catch2/catch.hpp>
#include <string>

#include "lsp/features/open_document.h"
#include "lsp/protocol/line_index.h"
#include "lsp/protocol/uri.h"

using whalesafe::lsp::features::ChangedRange;
using whalesafe::lsp::features::merge;
using whalesafe::lsp::protocol::LineIndex;
using whalesafe::lsp::protocol::Position;
using whalesafe::lsp::protocol::PositionEncoding;

namespace {
constexpr auto kUtf8 = PositionEncoding::kUtf8;
constexpr auto kUtf16 = PositionEncoding::kUtf16;
}  // namespace

TEST_CASE("utf-16 positions count astral characters as two units") {
  // "a😀é\n": a (1 byte), 😀 (4 bytes, 2 units), é (2 bytes, 1 unit).
  const std::string text = "a\xF0\x9F\x98\x80\xC3\xA9x\nb";
  const LineIndex lines(text);
  CHECK(lines.offset(text, {0, 0}, kUtf16) == 0);
  CHECK(lines.offset(text, {0, 1}, kUtf16) == 1);
  CHECK(lines.offset(text, {0, 2}, kUtf16) == 1);  // between the surrogates: the emoji's start
  CHECK(lines.offset(text, {0, 3}, kUtf16) == 5);
  CHECK(lines.offset(text, {0, 4}, kUtf16) == 7);
  CHECK(lines.offset(text, {0, 5}, kUtf16) == 8);
  CHECK(lines.offset(text, {0, 99}, kUtf16) == 8);  // past the end of the line: its end
  CHECK(lines.offset(text, {1, 0}, kUtf16) == 9);
  CHECK(lines.offset(text, {7, 3}, kUtf16) == text.size());  // past the last line: the end
  CHECK(lines.position(text, 5, kUtf16) == Position{0, 3});
  CHECK(lines.position(text, 7, kUtf16) == Position{0, 4});
  CHECK(lines.position(text, 10, kUtf16) == Position{1, 1});
  CHECK(lines.position(text, 1000, kUtf16) == Position{1, 1});
}

TEST_CASE("utf-8 positions are byte columns, snapped to a character's start") {
  const std::string text = "a\xF0\x9F\x98\x80z";
  const LineIndex lines(text);
  CHECK(lines.offset(text, {0, 1}, kUtf8) == 1);
  CHECK(lines.offset(text, {0, 3}, kUtf8) == 1);
  CHECK(lines.offset(text, {0, 5}, kUtf8) == 5);
  CHECK(lines.position(text, 5, kUtf8) == Position{0, 5});
}

TEST_CASE("lines end at LF, CRLF and CR") {
  const std::string text = "a\r\nb\rc\nd";
  const LineIndex lines(text);
  CHECK(lines.line_count() == 4);
  CHECK(lines.offset(text, {0, 5}, kUtf16) == 1);  // before the CR LF
  CHECK(lines.offset(text, {1, 0}, kUtf16) == 3);
  CHECK(lines.offset(text, {2, 0}, kUtf16) == 5);
  CHECK(lines.offset(text, {3, 1}, kUtf16) == 8);
  CHECK(lines.position(text, 2, kUtf16) == Position{0, 1});  // inside CR LF: the line's end
}

TEST_CASE("invalid UTF-8 bytes count as one unit each") {
  const std::string text = "\xFF\xC3x";
  const LineIndex lines(text);
  CHECK(lines.position(text, 3, kUtf16) == Position{0, 3});
}

TEST_CASE("merged change ranges map the analysed text onto the current one") {
  // Simulates edits on a string and checks that applying the merged range to the original
  // gives the same text.
  const std::string original = "0123456789abcdefghij";
  struct Edit {
    uint32_t start, end;
    std::string text;
  };
  const std::vector<std::vector<Edit>> cases = {
      {{2, 4, "XY"}, {10, 12, ""}},
      {{10, 12, "Q"}, {0, 1, "ZZZ"}},
      {{5, 5, "ins"}, {6, 7, ""}, {1, 3, "--"}},
      {{0, 20, "replaced"}, {3, 3, "!"}},
      {{19, 20, "end"}, {4, 4, "four"}},
  };
  for (const auto& edits : cases) {
    std::string current = original;
    std::optional<ChangedRange> range;
    for (const Edit& e : edits) {
      current.replace(e.start, e.end - e.start, e.text);
      range = merge(range, e.start, e.end, static_cast<uint32_t>(e.text.size()));
    }
    std::string rebuilt = original;
    rebuilt.replace(range->start, range->old_end - range->start,
                    current.substr(range->start, range->new_end - range->start));
    CHECK(rebuilt == current);
  }
}

TEST_CASE("file URIs") {
  using whalesafe::lsp::protocol::file_path_from_uri;
  using whalesafe::lsp::protocol::uri_from_file_path;
  CHECK(file_path_from_uri("file:///a%20b/Dockerfile") == "/a b/Dockerfile");
  CHECK(file_path_from_uri("FILE://localhost/x") == "/x");
  CHECK_FALSE(file_path_from_uri("untitled:Untitled-1"));
  CHECK_FALSE(file_path_from_uri("file://otherhost/x"));
  CHECK_FALSE(file_path_from_uri("file:///bad%zz"));
  CHECK_FALSE(file_path_from_uri("file:///nul%00"));
  CHECK(uri_from_file_path("/a b/é") == "file:///a%20b/%C3%A9");
  CHECK(file_path_from_uri(uri_from_file_path("/x y/%z")) == "/x y/%z");
}
