#include "regex_parser.h"

#include <string>

#include "grammar_error.h"
#include "lex_utf8.h"

namespace tsgen {

RegexNode RegexNode::of_chars(CharSet set) {
  RegexNode n;
  n.kind = Kind::Chars;
  n.chars = std::move(set);
  return n;
}

RegexNode RegexNode::seq(std::vector<RegexNode> nodes) {
  if (nodes.size() == 1) return std::move(nodes.front());
  RegexNode n;
  n.kind = nodes.empty() ? Kind::Empty : Kind::Seq;
  n.children = std::move(nodes);
  return n;
}

RegexNode RegexNode::alt(std::vector<RegexNode> nodes) {
  if (nodes.size() == 1) return std::move(nodes.front());
  RegexNode n;
  n.kind = Kind::Alt;  // an Alt without children matches nothing
  n.children = std::move(nodes);
  return n;
}

RegexNode RegexNode::repeat(RegexNode node, int min, int max) {
  RegexNode n;
  n.kind = Kind::Repeat;
  n.children.push_back(std::move(node));
  n.min = min;
  n.max = max;
  return n;
}

namespace {

constexpr int kMaxRepeatCount = 1000;
constexpr int kMaxNesting = 200;
constexpr int32_t kEnd = -2;  // peek() past the end

bool is_ascii_alnum(int32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hex_value(int32_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class JsRegexParser {
 public:
  JsRegexParser(std::string_view source, std::string_view flags) : source_(source) {
    for (char f : flags) {
      switch (f) {
        case 'i': case_insensitive_ = true; break;
        case 'u': break;  // we always work on code points
        case 's': dot_all_ = true; break;
        default:
          throw GrammarError(std::string("unsupported regex flag '") + f + "' on /" + std::string(source) +
                             "/ (supported: i, u, s)");
      }
    }
    auto decoded = decode_utf8(source);
    if (!decoded) throw GrammarError("regex /" + std::string(source) + "/ is not valid UTF-8");
    cps_ = std::move(*decoded);
  }

  RegexNode parse() {
    RegexNode result = parse_alternation();
    if (!at_end()) fail("unmatched ')'");
    return result;
  }

 private:
  struct Atom {
    bool is_class = false;
    int32_t cp = 0;
    CharSet set;
  };

  bool at_end() const { return pos_ >= cps_.size(); }
  int32_t peek(size_t ahead = 0) const { return pos_ + ahead < cps_.size() ? cps_[pos_ + ahead] : kEnd; }
  int32_t next() {
    if (at_end()) fail("unexpected end of pattern");
    return cps_[pos_++];
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw GrammarError(what + " at offset " + std::to_string(pos_) + " of /" + std::string(source_) + "/");
  }
  [[noreturn]] void unsupported(const std::string& construct) const {
    fail("unsupported regex construct: " + construct);
  }

  CharSet fold(CharSet set) const { return case_insensitive_ ? set.case_folded() : set; }

  RegexNode parse_alternation() {
    if (++depth_ > kMaxNesting) fail("pattern nested too deeply");
    std::vector<RegexNode> alternatives;
    alternatives.push_back(parse_sequence());
    while (peek() == '|') {
      ++pos_;
      alternatives.push_back(parse_sequence());
    }
    --depth_;
    return RegexNode::alt(std::move(alternatives));
  }

  RegexNode parse_sequence() {
    std::vector<RegexNode> items;
    while (!at_end() && peek() != '|' && peek() != ')') items.push_back(parse_term());
    return RegexNode::seq(std::move(items));
  }

  // If a {m}, {m,} or {m,n} quantifier starts at the current position, parses it (advancing)
  // and returns true. Otherwise leaves the position alone: a lone '{' is a literal (Annex B).
  bool parse_brace_quantifier(int& min, int& max) {
    size_t p = pos_;
    if (p >= cps_.size() || cps_[p] != '{') return false;
    ++p;
    auto read_number = [&](int& out) {
      size_t start = p;
      long value = 0;
      while (p < cps_.size() && cps_[p] >= '0' && cps_[p] <= '9') {
        value = value * 10 + (cps_[p] - '0');
        if (value > 1000000) value = 1000000;
        ++p;
      }
      out = static_cast<int>(value);
      return p > start;
    };
    int lo = 0, hi = -1;
    if (!read_number(lo)) return false;
    if (p < cps_.size() && cps_[p] == '}') {
      hi = lo;
    } else if (p < cps_.size() && cps_[p] == ',') {
      ++p;
      if (p < cps_.size() && cps_[p] == '}') {
        hi = -1;
      } else if (!read_number(hi) || p >= cps_.size() || cps_[p] != '}') {
        return false;
      }
    } else {
      return false;
    }
    pos_ = p + 1;  // past '}'
    if (lo > kMaxRepeatCount || hi > kMaxRepeatCount) fail("repetition count above " + std::to_string(kMaxRepeatCount));
    if (hi != -1 && hi < lo) fail("numbers out of order in {m,n} quantifier");
    min = lo;
    max = hi;
    return true;
  }

  bool at_quantifier() {
    const int32_t c = peek();
    if (c == '*' || c == '+' || c == '?') return true;
    if (c != '{') return false;
    const size_t saved = pos_;
    int lo, hi;
    const bool ok = parse_brace_quantifier(lo, hi);
    pos_ = saved;
    return ok;
  }

  RegexNode parse_term() {
    RegexNode atom = parse_atom();
    int min, max;
    const int32_t c = peek();
    if (c == '*') {
      ++pos_, min = 0, max = -1;
    } else if (c == '+') {
      ++pos_, min = 1, max = -1;
    } else if (c == '?') {
      ++pos_, min = 0, max = 1;
    } else if (!parse_brace_quantifier(min, max)) {
      return atom;
    }
    if (peek() == '?') unsupported("lazy quantifier (quantifier followed by '?')");
    if (at_quantifier()) fail("nothing to repeat (two quantifiers in a row)");
    return RegexNode::repeat(std::move(atom), min, max);
  }

  RegexNode parse_atom() {
    const int32_t c = peek();
    switch (c) {
      case '^':
        unsupported("anchor '^'");
      case '$':
        unsupported("anchor '$'");
      case '*':
      case '+':
      case '?':
        fail("nothing to repeat");
      case '(':
        return parse_group();
      case '[':
        return RegexNode::of_chars(parse_class());
      case '.': {
        ++pos_;
        CharSet any = CharSet::all();
        if (!dot_all_) any.remove('\n');
        return RegexNode::of_chars(any);
      }
      case '\\': {
        ++pos_;
        Atom a = parse_escape(false);
        return RegexNode::of_chars(a.is_class ? a.set : fold(CharSet::single(a.cp)));
      }
      case '{':
        if (at_quantifier()) fail("nothing to repeat");
        ++pos_;
        return RegexNode::of_chars(fold(CharSet::single('{')));
      default:
        ++pos_;
        return RegexNode::of_chars(fold(CharSet::single(c)));
    }
  }

  RegexNode parse_group() {
    ++pos_;  // '('
    if (peek() == '?') {
      const int32_t k = peek(1);
      if (k == ':') {
        pos_ += 2;
      } else if (k == '=') {
        unsupported("lookahead assertion '(?='");
      } else if (k == '!') {
        unsupported("negative lookahead assertion '(?!'");
      } else if (k == '<' && peek(2) == '=') {
        unsupported("lookbehind assertion '(?<='");
      } else if (k == '<' && peek(2) == '!') {
        unsupported("negative lookbehind assertion '(?<!'");
      } else if (k == '<') {
        pos_ += 2;
        while (!at_end() && peek() != '>') {
          const int32_t n = next();
          if (!is_ascii_alnum(n) && n != '_' && n != '$') fail("invalid group name");
        }
        if (at_end()) fail("unterminated group name");
        ++pos_;  // '>'
      } else {
        unsupported("group modifier '(?" + (k == kEnd ? std::string() : std::string(1, static_cast<char>(k))) + "'");
      }
    }
    RegexNode inner = parse_alternation();
    if (peek() != ')') fail("missing ')'");
    ++pos_;
    return inner;
  }

  CharSet parse_class() {
    ++pos_;  // '['
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++pos_;
    }
    CharSet set;
    for (;;) {
      if (at_end()) fail("missing ']'");
      if (peek() == ']') {
        ++pos_;
        break;
      }
      Atom first = parse_class_atom();
      if (peek() == '-' && peek(1) != ']' && peek(1) != kEnd) {
        ++pos_;  // '-'
        Atom last = parse_class_atom();
        if (first.is_class || last.is_class) fail("character class escape used as a range endpoint");
        if (first.cp > last.cp) fail("range out of order in character class");
        set.add_range(first.cp, last.cp);
      } else if (first.is_class) {
        set.add(first.set);
      } else {
        set.add(first.cp);
      }
    }
    set = fold(set);
    return negated ? set.complement() : set;
  }

  Atom parse_class_atom() {
    const int32_t c = next();
    if (c == '\\') return parse_escape(true);
    Atom a;
    a.cp = c;
    return a;
  }

  static Atom class_atom(CharSet set) {
    Atom a;
    a.is_class = true;
    a.set = std::move(set);
    return a;
  }
  static Atom char_atom(int32_t cp) {
    Atom a;
    a.cp = cp;
    return a;
  }

  int32_t parse_hex_digits(int count) {
    int32_t value = 0;
    for (int i = 0; i < count; ++i) {
      const int h = hex_value(peek());
      if (h < 0) fail("invalid hexadecimal escape");
      ++pos_;
      value = value * 16 + h;
    }
    return value;
  }

  int32_t parse_unicode_escape() {  // after "\u"
    if (peek() == '{') {
      ++pos_;
      int64_t value = 0;
      int digits = 0;
      while (peek() != '}') {
        const int h = hex_value(peek());
        if (h < 0) fail("invalid \\u{...} escape");
        ++pos_;
        value = value * 16 + h;
        if (value > kMaxCodePoint) fail("\\u{...} escape above U+10FFFF");
        ++digits;
      }
      ++pos_;
      if (digits == 0) fail("empty \\u{} escape");
      return static_cast<int32_t>(value);
    }
    int32_t value = parse_hex_digits(4);
    // A surrogate pair written as two escapes denotes one code point.
    if (value >= 0xD800 && value <= 0xDBFF && peek() == '\\' && peek(1) == 'u' && hex_value(peek(2)) >= 0) {
      const size_t saved = pos_;
      pos_ += 2;
      bool ok = true;
      int32_t low = 0;
      for (int i = 0; i < 4; ++i) {
        const int h = hex_value(peek());
        if (h < 0) {
          ok = false;
          break;
        }
        ++pos_;
        low = low * 16 + h;
      }
      if (ok && low >= 0xDC00 && low <= 0xDFFF) return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
      pos_ = saved;
    }
    return value;
  }

  Atom parse_escape(bool in_class) {  // after the backslash
    if (at_end()) fail("pattern ends with a backslash");
    const int32_t c = next();
    switch (c) {
      case 'd': return class_atom(js_digit_class());
      case 'D': return class_atom(js_digit_class().complement());
      case 'w': return class_atom(js_word_class());
      case 'W': return class_atom(js_word_class().complement());
      case 's': return class_atom(js_whitespace_class());
      case 'S': return class_atom(js_whitespace_class().complement());
      case 'n': return char_atom('\n');
      case 'r': return char_atom('\r');
      case 't': return char_atom('\t');
      case 'f': return char_atom('\f');
      case 'v': return char_atom('\v');
      case 'b':
        if (in_class) return char_atom('\b');
        unsupported("word boundary assertion '\\b'");
      case 'B':
        unsupported("word boundary assertion '\\B'");
      case '0':
        if (peek() >= '0' && peek() <= '9') unsupported("octal escape");
        return char_atom(0);
      case 'c': {
        const int32_t l = peek();
        if (!((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z'))) fail("invalid control escape '\\c'");
        ++pos_;
        return char_atom(l % 32);
      }
      case 'x':
        return char_atom(parse_hex_digits(2));
      case 'u':
        return char_atom(parse_unicode_escape());
      case 'k':
        unsupported("named backreference '\\k'");
      case 'p':
      case 'P':
        unsupported(std::string("Unicode property escape '\\") + static_cast<char>(c) + "{...}'");
      default:
        break;
    }
    if (c >= '1' && c <= '9') unsupported("backreference '\\" + std::string(1, static_cast<char>(c)) + "'");
    if (is_ascii_alnum(c) || c == '_') fail("unknown escape '\\" + std::string(1, static_cast<char>(c)) + "'");
    return char_atom(c);  // identity escape: \/ \. \- \[ \] \\ \( ...
  }

  std::string_view source_;
  std::vector<int32_t> cps_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool case_insensitive_ = false;
  bool dot_all_ = false;
};

}  // namespace

RegexNode parse_js_regex(std::string_view source, std::string_view flags) {
  return JsRegexParser(source, flags).parse();
}

RegexNode lex_rule_to_regex(const LexRule& rule) {
  switch (rule.kind) {
    case LexRule::Kind::String: {
      auto cps = decode_utf8(rule.value);
      if (!cps) throw GrammarError("string literal is not valid UTF-8");
      std::vector<RegexNode> chars;
      for (int32_t c : *cps) chars.push_back(RegexNode::of_chars(CharSet::single(c)));
      return RegexNode::seq(std::move(chars));
    }
    case LexRule::Kind::Pattern:
      return parse_js_regex(rule.value, rule.flags);
    case LexRule::Kind::Seq:
    case LexRule::Kind::Choice: {
      std::vector<RegexNode> members;
      for (const LexRule& m : rule.members) members.push_back(lex_rule_to_regex(m));
      return rule.kind == LexRule::Kind::Seq ? RegexNode::seq(std::move(members))
                                             : RegexNode::alt(std::move(members));
    }
    case LexRule::Kind::Repeat:
    case LexRule::Kind::Repeat1:
      if (rule.members.size() != 1) throw GrammarError("REPEAT/REPEAT1 rule must have exactly one member");
      return RegexNode::repeat(lex_rule_to_regex(rule.members.front()),
                               rule.kind == LexRule::Kind::Repeat ? 0 : 1, -1);
    case LexRule::Kind::Blank:
      return RegexNode::empty();
  }
  throw GrammarError("unknown token rule kind");
}

}  // namespace tsgen
