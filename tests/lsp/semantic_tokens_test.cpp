// The LSP encoding of semantic tokens: relative lines and starts, lengths in the negotiated
// encoding, one token per line of a span crossing lines, and a legend type for the captures
// that matter.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "lsp/features/lsp_semantic_tokens.h"

namespace whalesafe::lsp::features {
namespace {

struct Token {
  uint32_t line, start, length;
  std::string type;
  friend bool operator==(const Token&, const Token&) = default;
};

std::vector<Token> decode(const std::string& text, protocol::PositionEncoding encoding) {
  const syntax::Document doc(text);
  const protocol::LineIndex lines(text);
  const std::vector<editing::Highlight> spans =
      editing::highlights(doc, 0, static_cast<uint32_t>(text.size()));
  const auto data =
      encode_semantic_tokens(spans, text, lines, encoding).get<std::vector<uint32_t>>();
  REQUIRE(data.size() % 5 == 0);
  std::vector<Token> out;
  uint32_t line = 0;
  uint32_t start = 0;
  for (std::size_t i = 0; i < data.size(); i += 5) {
    line += data[i];
    start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
    out.push_back(
        Token{line, start, data[i + 2], std::string(semantic_token_types()[data[i + 3]])});
    CHECK(data[i + 4] == 0);  // no modifiers
  }
  return out;
}

TEST_CASE("semantic tokens: relative positions, UTF-16 lengths, one token per line", "[unit]") {
  const std::string text = "# caf\xc3\xa9 \xf0\x9f\x98\x80\nFROM alpine AS b\nENV A=\"x\\\ny\"\n";
  const std::vector<Token> utf16 = decode(text, protocol::PositionEncoding::kUtf16);
  const std::vector<Token> expected = {
      {0, 0, 9, "comment"},  // "# café 😀": é is 1 unit, the emoji 2
      {1, 0, 4, "keyword"},  {1, 5, 6, "namespace"}, {1, 12, 2, "keyword"}, {1, 15, 1, "type"},
      {2, 0, 3, "keyword"},  {2, 4, 1, "property"},  {2, 5, 1, "operator"}, {2, 6, 2, "string"},
      {2, 8, 1, "operator"}, {3, 0, 2, "string"},
  };
  CHECK(utf16 == expected);
  // In UTF-8 the comment counts bytes.
  CHECK(decode(text, protocol::PositionEncoding::kUtf8).front() == Token{0, 0, 12, "comment"});
}

}  // namespace
}  // namespace whalesafe::lsp::features
