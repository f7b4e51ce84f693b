#include "lsp/transport/json_text.h"

#include <array>
#include <charconv>

namespace whalesafe::lsp::transport {
namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD in UTF-8

// The length of the valid UTF-8 sequence at `i` (2 to 4), or 0 when the bytes there are not
// one. Follows the Unicode definition: no overlong forms, no surrogates, nothing past U+10FFFF.
std::size_t valid_sequence(std::string_view s, std::size_t i, std::size_t& bad_at) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    bad_at = i;  // a continuation byte, C0, C1 or F5..FF: never a lead
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) {
      bad_at = s.size();  // cut short by the end of the text
      return 0;
    }
    const unsigned char c = byte(i + k);
    const unsigned char lo = k == 1 ? low : 0x80;
    const unsigned char hi = k == 1 ? high : 0xBF;
    if (c < lo || c > hi) {
      bad_at = i + k;
      return 0;
    }
  }
  return length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // The common case: a run of printable ASCII that needs no escape, copied at once.
    std::size_t run = i;
    while (run < text.size()) {
      const auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
      }
      ++i;
      continue;
    }
    std::size_t bad_at = 0;
    if (const std::size_t length = valid_sequence(text, i, bad_at); length != 0) {
      out.append(text.data() + i, length);
      i += length;
      continue;
    }
    // One U+FFFD for the bytes up to where the sequence went wrong; the byte that broke it is
    // looked at again (it may begin a sequence of its own), unless it was the lead itself.
    out += kReplacement;
    i = bad_at == i ? i + 1 : bad_at;
  }
  out += '"';
}

void append_json_integer(std::string& out, int64_t value) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

std::string encode_notification(std::string_view method, std::string_view params_json) {
  std::string out;
  out.reserve(method.size() + params_json.size() + 48);
  out += R"({"jsonrpc":"2.0","method":)";
  append_json_string(out, method);
  out += R"(,"params":)";
  out += params_json;
  out += '}';
  return out;
}

std::string encode_result(const json& id, std::string_view result_json) {
  std::string out;
  out.reserve(result_json.size() + 48);
  out += R"({"jsonrpc":"2.0","id":)";
  out += encode(id);
  out += R"(,"result":)";
  out += result_json;
  out += '}';
  return out;
}

}  // namespace whalesafe::lsp::transport
