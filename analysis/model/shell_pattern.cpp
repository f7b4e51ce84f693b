#include "model/shell_pattern.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/unicode_classes.h"
#include "syntax/go_text.h"

namespace whalesafe::model {
namespace {

namespace go = syntax::go;

// A string decoded the way Go ranges over it: runes and the byte offset where each starts
// (invalid bytes are U+FFFD of width 1). offsets has one more entry: the string's length.
struct Runes {
  std::vector<char32_t> runes;
  std::vector<std::size_t> offsets;
};

Runes decode(std::string_view s) {
  Runes out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const go::DecodedRune d = go::decode_rune(s.substr(pos));
    out.runes.push_back(d.rune);
    out.offsets.push_back(pos);
    pos += d.width;
  }
  out.offsets.push_back(s.size());
  return out;
}

std::string encode(const std::vector<char32_t>& runes) {
  std::string out;
  for (char32_t r : runes) go::append_rune(out, r);
  return out;
}

// []rune(s) reversed and converted back: invalid bytes come back as U+FFFD.
std::string reverse_runes(std::string_view s) {
  std::vector<char32_t> runes = decode(s).runes;
  std::reverse(runes.begin(), runes.end());
  return encode(runes);
}

struct Token {
  enum class Kind { kLiteral, kAnyOne, kAnyRun } kind;
  char32_t rune = 0;
};

struct Compiled {
  std::vector<Token> tokens;
  std::optional<std::string> error;
};

// Go's fmt %c of a rune read by text/scanner (EOF is -1).
std::string format_rune(int32_t r) {
  if (r < 0) return "%!c(int32=" + std::to_string(r) + ")";
  std::string out;
  go::append_rune(out, static_cast<char32_t>(r));
  return out;
}

Compiled compile(std::string_view pattern) {
  Compiled out;
  const Runes p = decode(pattern);
  const std::size_t n = p.runes.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t r = p.runes[i];
    if (r == U'*') {
      out.tokens.push_back({Token::Kind::kAnyRun});
    } else if (r == U'?') {
      out.tokens.push_back({Token::Kind::kAnyOne});
    } else if (r == U'\\') {
      // `\}` and `\/` had to be escaped to stay inside `${...}`; the backslash is dropped and
      // the character is read as usual on the next round.
      if (i + 1 < n && (p.runes[i + 1] == U'}' || p.runes[i + 1] == U'/')) continue;
      const int32_t next = i + 1 < n ? static_cast<int32_t>(p.runes[i + 1]) : -1;
      if (next != '*' && next != '?' && next != '\\') {
        out.error = "invalid pattern (" + std::string(pattern) +
                    ") in substitution: invalid escape '\\" + format_rune(next) + "'";
        return out;
      }
      out.tokens.push_back({Token::Kind::kLiteral, static_cast<char32_t>(next)});
      ++i;
    } else {
      out.tokens.push_back({Token::Kind::kLiteral, r});
    }
  }
  return out;
}

// Leftmost-first matching of a token list against a decoded subject: at every `*` the
// preferred length is tried first (longest when greedy, shortest otherwise) and the first
// complete match wins, which is what a backtracking regex engine (and Go's) returns.
class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, const Runes& subject, bool greedy)
      : tokens_(tokens),
        subject_(subject),
        greedy_(greedy),
        failed_((tokens.size() + 1) * (subject.runes.size() + 1), 0) {}

  // The rune index where a match starting at rune `start` ends, if any.
  std::optional<std::size_t> match_at(std::size_t start) { return match(0, start); }

  // The leftmost match starting at rune index >= `from`: {start, end} rune indexes.
  std::optional<std::pair<std::size_t, std::size_t>> find(std::size_t from) {
    for (std::size_t s = from; s <= subject_.runes.size(); ++s) {
      if (auto end = match_at(s)) return std::make_pair(s, *end);
    }
    return std::nullopt;
  }

 private:
  bool matches_one(std::size_t vi) const {
    return vi < subject_.runes.size() && subject_.runes[vi] != U'\n';
  }

  std::optional<std::size_t> match(std::size_t ti, std::size_t vi) {
    if (ti == tokens_.size()) return vi;
    // The first match from (ti, vi) does not depend on how we got here: remember failures.
    char& failed = failed_[ti * (subject_.runes.size() + 1) + vi];
    if (failed) return std::nullopt;
    std::optional<std::size_t> result;
    const Token& t = tokens_[ti];
    switch (t.kind) {
      case Token::Kind::kLiteral:
        if (vi < subject_.runes.size() && subject_.runes[vi] == t.rune)
          result = match(ti + 1, vi + 1);
        break;
      case Token::Kind::kAnyOne:
        if (matches_one(vi)) result = match(ti + 1, vi + 1);
        break;
      case Token::Kind::kAnyRun: {
        std::size_t longest = 0;
        while (matches_one(vi + longest)) ++longest;
        for (std::size_t k = 0; k <= longest && !result; ++k) {
          result = match(ti + 1, vi + (greedy_ ? longest - k : k));
        }
        break;
      }
    }
    if (!result) failed = 1;
    return result;
  }

  const std::vector<Token>& tokens_;
  const Runes& subject_;
  bool greedy_;
  std::vector<char> failed_;
};

PatternResult trim_prefix(std::string_view value, std::string_view pattern, bool greedy) {
  const Compiled c = compile(pattern);
  if (c.error) return {"", c.error};
  const Runes v = decode(value);
  Matcher m(c.tokens, v, greedy);
  if (auto end = m.match_at(0)) return {std::string(value.substr(v.offsets[*end])), std::nullopt};
  return {std::string(value), std::nullopt};
}

// The pattern reversed rune by rune, keeping each `\x` escape pair in order.
std::string reverse_pattern(std::string_view pattern) {
  const std::vector<char32_t> in = decode(pattern).runes;
  std::vector<char32_t> out(in.size());
  const std::size_t last = in.empty() ? 0 : in.size() - 1;
  for (std::size_t i = 0; i < in.size();) {
    const std::size_t at = last - i;
    if (in[i] == U'\\' && i != last) {
      out[at - 1] = in[i];
      out[at] = in[i + 1];
      i += 2;
    } else {
      out[at] = in[i];
      ++i;
    }
  }
  return encode(out);
}

bool is_template_name_rune(char32_t r) { return is_letter(r) || is_digit(r) || r == U'_'; }

// Go's regexp template expansion for a pattern whose only group is the whole match.
void expand_template(std::string& out, std::string_view tmpl, std::string_view match) {
  while (!tmpl.empty()) {
    const std::size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar + 1);
    if (!tmpl.empty() && tmpl.front() == '$') {
      out.push_back('$');
      tmpl.remove_prefix(1);
      continue;
    }
    std::string_view rest = tmpl;
    const bool brace = !rest.empty() && rest.front() == '{';
    if (brace) rest.remove_prefix(1);
    std::size_t len = 0;
    while (len < rest.size()) {
      const go::DecodedRune d = go::decode_rune(rest.substr(len));
      if (!is_template_name_rune(d.rune)) break;
      len += d.width;
    }
    const bool closed = !brace || (len < rest.size() && rest[len] == '}');
    if (len == 0 || !closed) {
      out.push_back('$');  // malformed: the dollar is literal text
      continue;
    }
    const std::string_view name = rest.substr(0, len);
    if (name == "0") out.append(match);  // any other group or name does not exist
    tmpl = rest.substr(len + (brace ? 1 : 0));
  }
  out.append(tmpl);
}

}  // namespace

PatternResult remove_prefix(std::string_view value, std::string_view pattern, bool longest) {
  return trim_prefix(value, pattern, longest);
}

PatternResult remove_suffix(std::string_view value, std::string_view pattern, bool longest) {
  // Reversing both sides turns the rightmost shortest/longest match into a leftmost one.
  const std::string reversed_value = reverse_runes(value);
  PatternResult r = trim_prefix(reversed_value, reverse_pattern(pattern), longest);
  if (r.error) return r;
  r.value = reverse_runes(r.value);
  return r;
}

PatternResult replace_pattern(std::string_view value, std::string_view pattern,
                              std::string_view replacement, bool all) {
  const Compiled c = compile(pattern);
  if (c.error) return {"", c.error};
  const Runes v = decode(value);
  Matcher m(c.tokens, v, /*greedy=*/true);
  if (!all) {
    const auto found = m.find(0);
    if (!found) return {std::string(value), std::nullopt};
    std::string out(value.substr(0, v.offsets[found->first]));
    out.append(replacement);
    out.append(value.substr(v.offsets[found->second]));
    return {out, std::nullopt};
  }
  // Go's Regexp.ReplaceAllString loop: an empty match right after a match is not replaced,
  // and the search always advances by at least one character.
  std::string out;
  std::size_t last_end = 0;     // byte offset
  std::size_t search_rune = 0;  // rune index
  const std::size_t n = v.runes.size();
  while (search_rune <= n) {
    const auto found = m.find(search_rune);
    if (!found) break;
    const std::size_t start = v.offsets[found->first];
    const std::size_t end = v.offsets[found->second];
    out.append(value.substr(last_end, start - last_end));
    if (end > last_end || start == 0) {
      expand_template(out, replacement, value.substr(start, end - start));
    }
    last_end = end;
    search_rune = found->second > search_rune ? found->second : search_rune + 1;
  }
  out.append(value.substr(last_end));
  return {out, std::nullopt};
}

}  // namespace whalesafe::model
