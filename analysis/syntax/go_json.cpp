#include "go_json.h"

#include <cstdint>
#include <optional>

#include "go_text.h"

namespace whalesafe::syntax::go {
namespace {

// A recursive-descent validator and decoder for one JSON value. Only strings are decoded;
// other values are validated and reported as "not a string".
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  // Parses the whole text as an array. Returns nullopt when the text is not valid JSON.
  std::optional<JsonArrayResult> read_top_level_array() {
    skip_ws();
    if (!consume('[')) return std::nullopt;
    JsonArrayResult result;
    result.status = JsonArrayStatus::kStrings;
    skip_ws();
    if (!consume(']')) {
      for (;;) {
        skip_ws();
        if (peek() == '"') {
          std::string s;
          if (!read_string(&s)) return std::nullopt;
          result.strings.push_back(std::move(s));
        } else {
          if (!read_value(0)) return std::nullopt;
          result.status = JsonArrayStatus::kNotStrings;
        }
        skip_ws();
        if (consume(',')) continue;
        if (consume(']')) break;
        return std::nullopt;
      }
    }
    skip_ws();
    if (pos_ != text_.size()) return std::nullopt;
    if (result.status == JsonArrayStatus::kNotStrings) result.strings.clear();
    return result;
  }

 private:
  static constexpr int kMaxDepth = 10000;  // Go's decoder limit

  int peek() const { return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : -1; }

  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool consume_literal(std::string_view lit) {
    if (text_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }

  bool read_value(int depth) {
    if (depth > kMaxDepth) return false;
    skip_ws();
    switch (peek()) {
      case '"': {
        std::string ignored;
        return read_string(&ignored);
      }
      case '[': {
        ++pos_;
        skip_ws();
        if (consume(']')) return true;
        for (;;) {
          if (!read_value(depth + 1)) return false;
          skip_ws();
          if (consume(',')) continue;
          return consume(']');
        }
      }
      case '{': {
        ++pos_;
        skip_ws();
        if (consume('}')) return true;
        for (;;) {
          skip_ws();
          std::string key;
          if (peek() != '"' || !read_string(&key)) return false;
          skip_ws();
          if (!consume(':')) return false;
          if (!read_value(depth + 1)) return false;
          skip_ws();
          if (consume(',')) continue;
          return consume('}');
        }
      }
      case 't':
        return consume_literal("true");
      case 'f':
        return consume_literal("false");
      case 'n':
        return consume_literal("null");
      default:
        return read_number();
    }
  }

  static bool is_digit(int c) { return c >= '0' && c <= '9'; }

  bool read_number() {
    consume('-');
    if (consume('0')) {
      // no leading zeros
    } else if (is_digit(peek())) {
      while (is_digit(peek())) ++pos_;
    } else {
      return false;
    }
    if (consume('.')) {
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    return true;
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits at `at`, or -1.
  int32_t hex4(std::size_t at) const {
    if (at + 4 > text_.size()) return -1;
    int32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int h = hex_value(text_[at + i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  // Reads a string starting at the opening quote, decoding it as Go does.
  bool read_string(std::string* out) {
    if (!consume('"')) return false;
    for (;;) {
      if (pos_ >= text_.size()) return false;
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) return false;
        const char e = text_[pos_ + 1];
        pos_ += 2;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out->push_back(e);
            break;
          case 'b':
            out->push_back('\b');
            break;
          case 'f':
            out->push_back('\f');
            break;
          case 'n':
            out->push_back('\n');
            break;
          case 'r':
            out->push_back('\r');
            break;
          case 't':
            out->push_back('\t');
            break;
          case 'u': {
            int32_t r = hex4(pos_);
            if (r < 0) return false;
            pos_ += 4;
            if (r >= 0xD800 && r <= 0xDFFF) {
              // A high surrogate followed by an escaped low surrogate forms one rune.
              if (r < 0xDC00 && pos_ + 1 < text_.size() && text_[pos_] == '\\' &&
                  text_[pos_ + 1] == 'u') {
                const int32_t r2 = hex4(pos_ + 2);
                if (r2 >= 0xDC00 && r2 <= 0xDFFF) {
                  r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                  pos_ += 6;
                } else {
                  r = kRuneError;
                }
              } else {
                r = kRuneError;
              }
            }
            append_rune(*out, static_cast<char32_t>(r));
            break;
          }
          default:
            return false;
        }
        continue;
      }
      if (c < 0x80) {
        out->push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      const DecodedRune d = decode_rune(text_.substr(pos_));
      if (d.rune == kRuneError && d.width == 1) {
        append_rune(*out, kRuneError);
        ++pos_;
      } else {
        out->append(text_.substr(pos_, d.width));
        pos_ += d.width;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

JsonArrayResult parse_json_string_array(std::string_view text) {
  text = trim_left_space(text);
  if (text.empty() || text.front() != '[') return {};
  JsonReader reader(text);
  std::optional<JsonArrayResult> result = reader.read_top_level_array();
  if (!result) return {};
  return *result;
}

}  // namespace whalesafe::syntax::go
