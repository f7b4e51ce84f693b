#include "model/word_expansion.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "model/shell_pattern.h"
#include "model/unicode_classes.h"
#include "syntax/go_text.h"

namespace whalesafe::model {

bool VariableUse::is_special_parameter() const {
  if (name.empty()) return false;
  const char c = name.front();
  return (c >= '0' && c <= '9') || name == "@" || name == "*" || name == "#" || name == "?" ||
         name == "-" || name == "$" || name == "!";
}

namespace {

namespace go = syntax::go;

constexpr int32_t kEof = -1;

// Thrown inside the lexer; expand_word turns it into WordExpansion::error.
struct Failure {
  ExpansionError error;
};

bool is_special_parameter_rune(int32_t r) {
  switch (r) {
    case '@':
    case '*':
    case '#':
    case '?':
    case '-':
    case '$':
    case '!':
    case '0':
      return true;
    default:
      return false;
  }
}

std::string rune_string(int32_t r) {
  std::string out;
  go::append_rune(out, r < 0 ? go::kRuneError : static_cast<char32_t>(r));
  return out;
}

// BuildKit's word accumulator for ProcessWords: unquoted white space ends a word; text from
// quotes and escapes is "raw" and never splits.
class WordSplitter {
 public:
  void add_char(char32_t r) {
    if (go::is_space(r)) {
      if (in_word_ && !word_.empty()) {
        words_.push_back(std::move(word_));
        word_.clear();
        in_word_ = false;
      }
    } else {
      add_raw_char(r);
    }
  }
  void add_raw_char(char32_t r) {
    go::append_rune(word_, r);
    in_word_ = true;
  }
  void add_string(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
      const go::DecodedRune d = go::decode_rune(s.substr(pos));
      add_char(d.rune);
      pos += d.width;
    }
  }
  void add_raw_string(std::string_view s) {
    word_.append(s);
    in_word_ = true;
  }
  std::vector<std::string> finish() {
    if (!word_.empty()) words_.push_back(std::move(word_));
    return std::move(words_);
  }

 private:
  std::string word_;
  std::vector<std::string> words_;
  bool in_word_ = false;
};

class Lexer {
 public:
  Lexer(std::string_view src, const VariableLookup& lookup, char escape, QuoteMode quotes)
      : src_(src),
        lookup_(lookup),
        escape_(static_cast<unsigned char>(escape)),
        process_quotes_(quotes == QuoteMode::kProcess) {
    // Go's text/scanner skips a byte order mark at the very start.
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  WordExpansion run() {
    WordExpansion out;
    try {
      Processed p = process_until(kEof, false);
      out.value = std::move(p.result);
      out.words = std::move(p.words);
    } catch (const Failure& f) {
      out.error = f.error;
    }
    std::stable_sort(uses_.begin(), uses_.end(),
                     [](const VariableUse& a, const VariableUse& b) { return a.start < b.start; });
    out.uses = std::move(uses_);
    return out;
  }

 private:
  struct Processed {
    std::string result;
    std::vector<std::string> words;
  };

  int32_t peek() const {
    if (pos_ >= src_.size()) return kEof;
    return static_cast<int32_t>(go::decode_rune(src_.substr(pos_)).rune);
  }

  int32_t next() {
    if (pos_ >= src_.size()) return kEof;
    const go::DecodedRune d = go::decode_rune(src_.substr(pos_));
    pos_ += d.width;
    return static_cast<int32_t>(d.rune);
  }

  [[noreturn]] void fail(std::string message, std::size_t start, std::size_t end) const {
    throw Failure{ExpansionError{std::move(message), start, std::max(start, end)}};
  }

  // processStopOn: reads up to `stop` (consumed) or the end of the text when stop is kEof.
  Processed process_until(int32_t stop, bool raw_escapes) {
    const bool saved_raw = raw_escapes_;
    raw_escapes_ = raw_escapes;
    std::string result;
    WordSplitter words;
    const std::size_t begin = pos_;
    while (peek() != kEof) {
      const int32_t ch = peek();
      if (stop != kEof && ch == stop) {
        next();
        raw_escapes_ = saved_raw;
        return {std::move(result), words.finish()};
      }
      if (ch == '$') {
        const std::string value = dollar();
        result += value;
        words.add_string(value);
      } else if (process_quotes_ && (ch == '\'' || ch == '"')) {
        const std::string value = ch == '\'' ? single_quoted() : double_quoted();
        result += value;
        words.add_raw_string(value);
      } else {
        int32_t c = next();
        if (c == escape_) {
          if (raw_escapes_) {
            words.add_raw_char(static_cast<char32_t>(c));
            result += rune_string(c);
          }
          c = next();
          if (c == kEof) break;  // a trailing escape character is dropped
          words.add_raw_char(static_cast<char32_t>(c));
        } else {
          words.add_char(static_cast<char32_t>(c));
        }
        result += rune_string(c);
      }
    }
    if (stop != kEof) {
      fail("unexpected end of statement while looking for matching " + rune_string(stop), begin,
           src_.size());
    }
    raw_escapes_ = saved_raw;
    return {std::move(result), words.finish()};
  }

  std::string single_quoted() {
    const std::size_t start = pos_;
    next();  // the opening quote
    std::string result;
    for (;;) {
      const int32_t ch = next();
      if (ch == kEof) {
        fail("unexpected end of statement while looking for matching single-quote", start,
             src_.size());
      }
      if (ch == '\'') return result;
      result += rune_string(ch);
    }
  }

  std::string double_quoted() {
    const std::size_t start = pos_;
    next();  // the opening quote
    std::string result;
    for (;;) {
      const int32_t peeked = peek();
      if (peeked == kEof) {
        fail("unexpected end of statement while looking for matching double-quote", start,
             src_.size());
      }
      if (peeked == '"') {
        next();
        return result;
      }
      if (peeked == '$') {
        result += dollar();
        continue;
      }
      int32_t ch = next();
      if (ch == escape_) {
        if (raw_escapes_) result += rune_string(ch);
        const int32_t after = peek();
        if (after == kEof) continue;  // reported as the missing closing quote
        if (after == '"' || after == '$' || after == escape_) ch = next();
      }
      result += rune_string(ch);
    }
  }

  // processName: letters, digits and `_`; a leading digit reads digits only; a special
  // parameter is one character.
  std::string name() {
    std::string out;
    while (peek() != kEof) {
      int32_t ch = peek();
      if (out.empty() && is_digit(static_cast<char32_t>(ch))) {
        while (peek() != kEof && is_digit(static_cast<char32_t>(peek())))
          out += rune_string(next());
        return out;
      }
      if (out.empty() && is_special_parameter_rune(ch)) return rune_string(next());
      if (!is_letter(static_cast<char32_t>(ch)) && !is_digit(static_cast<char32_t>(ch)) &&
          ch != '_') {
        break;
      }
      out += rune_string(next());
    }
    return out;
  }

  std::optional<std::string> lookup(const std::string& name, std::size_t start,
                                    ExpansionOperator op, bool colon) {
    std::optional<std::string> value;
    if (lookup_) {
      if (auto v = lookup_(name)) value = std::string(*v);
    }
    uses_.push_back(VariableUse{name, start, pos_, value.has_value(), op, colon});
    return value;
  }

  // Processes the word of a `${NAME<op>word}` up to `stop`; an error at the end of the text is
  // reported as the missing terminator.
  std::string operand(int32_t stop, bool raw_escapes, std::size_t start, const char* missing) {
    try {
      return process_until(stop, raw_escapes).result;
    } catch (const Failure&) {
      if (peek() == kEof) fail(missing, start, src_.size());
      throw;
    }
  }

  std::string dollar() {
    const std::size_t start = pos_;
    next();  // '$'
    if (peek() != '{') {
      const std::string n = name();
      if (n.empty()) return "$";
      return lookup(n, start, ExpansionOperator::kNone, false).value_or("");
    }
    next();  // '{'
    switch (peek()) {
      case kEof:
        fail("syntax error: missing '}'", start, pos_);
      case '{':
      case '}':
      case ':':
        fail("syntax error: bad substitution", start, pos_ + 1);
      default:
        break;
    }
    const std::string n = name();
    int32_t ch = next();
    std::string modifier = rune_string(ch);
    bool colon = false;
    if (ch == '}') return lookup(n, start, ExpansionOperator::kNone, false).value_or("");
    if (ch == ':') {
      colon = true;
      ch = next();
      modifier += rune_string(ch);
    } else if (ch == '/') {
      return replacement(n, start);
    } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
      fail("unsupported modifier (" + modifier + ") in substitution", start, pos_);
    }
    // `#` and `%` patterns keep their escapes so that `\*` stays a literal star.
    std::string word = operand('}', ch == '#' || ch == '%', start, "syntax error: missing '}'");
    switch (ch) {
      case '-': {
        const auto v = lookup(n, start, ExpansionOperator::kDefault, colon);
        return !v || (colon && v->empty()) ? word : *v;
      }
      case '+': {
        const auto v = lookup(n, start, ExpansionOperator::kAlternate, colon);
        return !v || (colon && v->empty()) ? std::string() : word;
      }
      case '?': {
        const auto v = lookup(n, start, ExpansionOperator::kRequired, colon);
        if (!v) fail(n + ": " + (word.empty() ? "is not allowed to be unset" : word), start, pos_);
        if (colon && v->empty()) {
          fail(n + ": " + (word.empty() ? "is not allowed to be empty" : word), start, pos_);
        }
        return *v;
      }
      case '#':
      case '%': {
        const auto op =
            ch == '#' ? ExpansionOperator::kRemovePrefix : ExpansionOperator::kRemoveSuffix;
        const std::string value = lookup(n, start, op, colon).value_or("");
        const bool longest = !word.empty() && static_cast<unsigned char>(word.front()) == ch;
        if (longest) word.erase(0, 1);
        PatternResult r =
            ch == '#' ? remove_prefix(value, word, longest) : remove_suffix(value, word, longest);
        if (r.error) fail(*r.error, start, pos_);
        return std::move(r.value);
      }
      default:
        fail("unsupported modifier (" + modifier + ") in substitution", start, pos_);
    }
  }

  // `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`.
  std::string replacement(const std::string& n, std::size_t start) {
    const bool all = peek() == '/';
    if (all) next();
    const std::string pattern = operand('/', true, start, "syntax error: missing '/' in ${}");
    const std::string repl = operand('}', true, start, "syntax error: missing '}'");
    const std::string value = lookup(n, start, ExpansionOperator::kReplace, false).value_or("");
    PatternResult r = replace_pattern(value, pattern, repl, all);
    if (r.error) fail(*r.error, start, pos_);
    return std::move(r.value);
  }

  std::string_view src_;
  const VariableLookup& lookup_;
  int32_t escape_;
  bool process_quotes_;
  std::size_t pos_ = 0;
  bool raw_escapes_ = false;
  std::vector<VariableUse> uses_;
};

}  // namespace

namespace {

// The words of a text that the lexer would take byte for byte: split at ASCII white space
// (the only white space an ASCII text has).
std::vector<std::string> split_plain(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !go::is_space(static_cast<unsigned char>(text[i]))) continue;
    if (i > start) words.emplace_back(text.substr(start, i - start));
    start = i + 1;
  }
  return words;
}

// True when processing `text` changes nothing: ASCII (so every byte is a rune, and no BOM),
// no `$`, no escape character, and no quotes where they are syntax. Most words of a
// Dockerfile are like that (paths, image names, flags), and the lexer costs a rune decode
// and an append per byte.
bool is_plain(std::string_view text, char escape, QuoteMode quotes) {
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0x80) != 0 || c == '$' || c == escape) return false;
    if (quotes == QuoteMode::kProcess && (c == '\'' || c == '"')) return false;
  }
  return true;
}

}  // namespace

WordExpansion expand_word(std::string_view text, const VariableLookup& lookup, char escape,
                          QuoteMode quotes) {
  if (is_plain(text, escape, quotes)) {
    WordExpansion out;
    out.value = std::string(text);
    out.words = split_plain(text);
    return out;
  }
  return expand_word_by_lexer(text, lookup, escape, quotes);
}

WordExpansion expand_word_by_lexer(std::string_view text, const VariableLookup& lookup, char escape,
                                   QuoteMode quotes) {
  return Lexer(text, lookup, escape, quotes).run();
}

}  // namespace whalesafe::model
