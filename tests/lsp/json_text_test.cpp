// JSON written as text (server/lsp/transport/json_text.h) and the diagnostics written with it
// (server/lsp/features/lsp_diagnostics.h): what is written must parse to the values the
// nlohmann::json path (transport::encode) would have sent, for any bytes in any string.
#include "lsp/transport/json_text.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "annotations.h"
#include "lsp/features/lsp_diagnostics.h"

using nlohmann::json;
using whalesafe::lsp::transport::append_json_string;
using whalesafe::lsp::transport::encode;

namespace {

// The string `text` becomes after a trip through our writer and a strict parser.
std::string through_writer(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return json::parse(out).get<std::string>();
}

// The same through nlohmann's own serializer with invalid UTF-8 replaced (what encode() does).
std::string through_encode(std::string_view text) {
  return json::parse(encode(json(std::string(text)))).get<std::string>();
}

}  // namespace

TEST_CASE("json text: strings need escapes for quotes, backslashes and control characters") {
  CHECK(through_writer("plain text") == "plain text");
  CHECK(through_writer("say \"hi\" \\ bye") == "say \"hi\" \\ bye");
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += '\x7f';
  CHECK(through_writer(controls) == controls);
  std::string out;
  append_json_string(out, "a\nb\t\x01");
  CHECK(out == R"("a\nb\t\u0001")");
}

TEST_CASE("json text: valid UTF-8 is kept, invalid sequences become U+FFFD as encode() does") {
  const std::string valid = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3 \xef\xbb\xbf";
  CHECK(through_writer(valid) == valid);
  // Overlong forms, surrogates, past U+10FFFF, stray continuation bytes, bytes that never
  // lead, sequences cut short in the middle and at the end.
  for (const std::string bad :
       {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xbf\xbf", "\xc1",
        "\xf5\x80", "\xff", "\xe2\x82", "\xe2\x82x", "a\xf0\x9f\x90", "\xf0\x9f\x90\xe2\x82\xac",
        "\xe0\xa0", "\xed\x9f\xbf", "\xf0\x90\x80\x80"}) {
    INFO(json(bad).dump(-1, ' ', true, json::error_handler_t::replace));
    CHECK(through_writer(bad) == through_encode(bad));
  }
}

TEST_CASE("json text: any bytes parse back to what encode() would have sent") {
  // Drawn from the bytes where UTF-8 decoding and escaping decide something.
  static constexpr unsigned char kAlphabet[] = {
      0x00, 0x01, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, ' ',  '"',  '\\', 'a',  0x7f,
      0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
      0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xfe, 0xff};
  std::mt19937 random(20261124);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 1);
  std::uniform_int_distribution<std::size_t> length(0, 12);
  for (int i = 0; i < 50000; ++i) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n)
      text += static_cast<char>(kAlphabet[pick(random)]);
    const std::string ours = through_writer(text);
    const std::string theirs = through_encode(text);
    if (ours != theirs) {
      FAIL_CHECK("differs for " << json(text).dump(-1, ' ', true, json::error_handler_t::replace));
      break;
    }
  }
}

TEST_CASE("json text: notification and result bodies") {
  using whalesafe::lsp::transport::encode_notification;
  using whalesafe::lsp::transport::encode_result;
  using whalesafe::lsp::transport::make_notification;
  using whalesafe::lsp::transport::make_result;
  CHECK(json::parse(encode_notification("textDocument/publishDiagnostics", R"({"a":[1,2]})")) ==
        make_notification("textDocument/publishDiagnostics", json{{"a", {1, 2}}}));
  CHECK(json::parse(encode_result(json(7), "null")) == make_result(json(7), nullptr));
  CHECK(json::parse(encode_result(json("id \"x\""), R"({"kind":"full"})")) ==
        make_result(json("id \"x\""), json{{"kind", "full"}}));
}

TEST_CASE("json text: diagnostics with ranges in the client's encoding, tags and related places") {
  using whalesafe::findings::Diagnostic;
  using whalesafe::findings::Severity;
  using whalesafe::lsp::features::lsp_diagnostics_json;
  using whalesafe::lsp::features::RelatedLocation;
  using whalesafe::lsp::protocol::LineIndex;
  using whalesafe::lsp::protocol::PositionEncoding;
  // A character outside the BMP before the finding: two UTF-16 units, four UTF-8 bytes.
  const whalesafe::testing::Annotations a(
      "ARG $decl[[V=1]]\n"
      "LABEL x=\"\xf0\x9f\x90\xb3\" $finding[[MAINTAINER me]]\n");
  const LineIndex lines(a.code());
  Diagnostic d;
  d.rule = "maintainer-deprecated";
  d.severity = Severity::kInfo;
  d.message = "bad \xff byte";
  d.start_byte = a.range("finding").start;
  d.end_byte = a.range("finding").end;
  Diagnostic relayed;
  relayed.rule = "shellcheck";
  relayed.severity = Severity::kStyle;
  relayed.code = "SC2086";
  relayed.message = "Double quote to prevent globbing";
  const std::vector<std::vector<RelatedLocation>> related = {
      {{a.range("decl").start, a.range("decl").end, "declared here"}}, {}};

  const json utf16 = json::parse(lsp_diagnostics_json(
      {d, relayed}, a.code(), lines, PositionEncoding::kUtf16, &related, "file:///Dockerfile"));
  const json expected = json::parse(R"([
    {"range": {"start": {"line": 1, "character": 13}, "end": {"line": 1, "character": 26}},
     "severity": 3, "code": "maintainer-deprecated",
     "codeDescription": {"href": "https://github.com/whalesafe/whalesafe/blob/main/docs/rules.md#maintainer-deprecated"},
     "source": "whalesafe", "message": "bad \ufffd byte", "tags": [2],
     "relatedInformation": [{"location": {"uri": "file:///Dockerfile",
       "range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 7}}},
       "message": "declared here"}]},
    {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
     "severity": 4, "code": "shellcheck",
     "codeDescription": {"href": "https://github.com/whalesafe/whalesafe/blob/main/docs/rules.md#shellcheck"},
     "source": "whalesafe", "message": "SC2086: Double quote to prevent globbing"}
  ])");
  CHECK(utf16 == expected);

  const json utf8 =
      json::parse(lsp_diagnostics_json({d}, a.code(), lines, PositionEncoding::kUtf8));
  CHECK(utf8[0]["range"]["start"]["character"] == 15);
  CHECK(utf8[0]["range"]["end"]["character"] == 28);
  CHECK_FALSE(utf8[0].contains("relatedInformation"));
  CHECK(json::parse(lsp_diagnostics_json({}, a.code(), lines, PositionEncoding::kUtf16)) ==
        json::array());
}
