#include "rules/label_values.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace whalesafe::rules {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// ---- URI (RFC 3986) ----

bool uri_char(char c) {
  static constexpr std::string_view kOther = "-._~!$&'()*+,;=:@/?#";
  return is_alnum(c) || kOther.find(c) != std::string_view::npos;
}

// The characters of `text` are URI characters, `%` always followed by two hex digits, and
// `[` `]` allowed only when `brackets` (an IP literal in the authority).
bool uri_chars(std::string_view text, bool brackets) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
      i += 2;
    } else if (c == '[' || c == ']') {
      if (!brackets) return false;
    } else if (!uri_char(c)) {
      return false;
    }
  }
  return true;
}

// ---- numbers and dates ----

std::optional<int> number(std::string_view s) {
  if (!all_digits(s)) return std::nullopt;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// `HH:MM` of a numeric offset, or of the time itself (then `seconds` follows).
bool hour_minute(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return false;
  const std::optional<int> h = number(s.substr(0, 2));
  const std::optional<int> m = number(s.substr(3, 2));
  return h && m && *h <= 23 && *m <= 59;
}

// ---- semver ----

bool numeric_identifier(std::string_view s) {
  return all_digits(s) && (s.size() == 1 || s[0] != '0');
}

// Dot-separated non-empty identifiers of [0-9A-Za-z-]; `numeric_rule`: numeric ones have no
// leading zero (pre-release), as Semantic Versioning 2.0.0 requires.
bool dotted_identifiers(std::string_view s, bool numeric_rule) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = s.find('.', start);
    const std::string_view id =
        s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (id.empty()) return false;
    for (char c : id) {
      if (!is_alnum(c) && c != '-') return false;
    }
    if (numeric_rule && all_digits(id) && !numeric_identifier(id)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ---- e-mail (RFC 5322) ----

bool atext(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return is_alnum(c) || static_cast<unsigned char>(c) >= 0x80 ||
         kSpecials.find(c) != std::string_view::npos;
}

bool dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!atext(s[i])) {
      return false;
    }
  }
  return true;
}

// A quoted local part `"..."` (with `\` escapes); returns its length, 0 when malformed.
std::size_t quoted_string(std::string_view s) {
  if (s.empty() || s[0] != '"') return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    } else if (s[i] == '\n' || s[i] == '\r') {
      return 0;
    }
  }
  return 0;
}

// ---- SPDX expressions ----

bool idstring(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool license_ref(std::string_view s) {
  if (starts_with(s, "LicenseRef-")) return idstring(s.substr(11));
  if (!starts_with(s, "DocumentRef-")) return false;
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  return idstring(s.substr(12, colon - 12)) && starts_with(s.substr(colon + 1), "LicenseRef-") &&
         idstring(s.substr(colon + 1 + 11));
}

class SpdxParser {
 public:
  explicit SpdxParser(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (c == ' ' || c == '\t') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back(text.substr(i, 1));
        ++i;
      } else {
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '(' &&
               text[i] != ')') {
          ++i;
        }
        tokens_.push_back(text.substr(start, i - start));
      }
    }
  }

  bool parse() { return !tokens_.empty() && expression() && pos_ == tokens_.size(); }

 private:
  std::vector<std::string_view> tokens_;
  std::size_t pos_ = 0;
  std::optional<bool> upper_;  // the case operators are written in, once one is seen

  std::string_view peek() const { return pos_ < tokens_.size() ? tokens_[pos_] : ""; }

  // Consumes operator `upper` (or its lower-case form), keeping one case per expression.
  bool accept(std::string_view upper, std::string_view lower) {
    const std::string_view t = peek();
    const bool is_upper = t == upper;
    if (!is_upper && t != lower) return false;
    if (upper_ && *upper_ != is_upper) return false;
    upper_ = is_upper;
    ++pos_;
    return true;
  }

  bool expression() {
    if (!conjunction()) return false;
    while (accept("OR", "or")) {
      if (!conjunction()) return false;
    }
    return true;
  }

  bool conjunction() {
    if (!with_exception()) return false;
    while (accept("AND", "and")) {
      if (!with_exception()) return false;
    }
    return true;
  }

  bool with_exception() {
    if (!primary()) return false;
    if (accept("WITH", "with")) {
      if (!is_spdx_exception_id(peek())) return false;
      ++pos_;
    }
    return true;
  }

  bool primary() {
    const std::string_view t = peek();
    if (t == "(") {
      ++pos_;
      if (!expression() || peek() != ")") return false;
      ++pos_;
      return true;
    }
    if (t.empty() || t == ")") return false;
    ++pos_;
    if (license_ref(t)) return true;
    const std::string_view id = t.back() == '+' ? t.substr(0, t.size() - 1) : t;
    return is_spdx_license_id(id);
  }
};

}  // namespace

bool is_uri(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_alpha(value[0])) return false;
  for (char c : value.substr(0, colon)) {
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  const std::string_view rest = value.substr(colon + 1);
  if (rest.empty()) return false;
  const std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos && rest.find('#', hash + 1) != std::string_view::npos) {
    return false;
  }
  if (!starts_with(rest, "//")) return uri_chars(rest, false);
  const std::string_view after = rest.substr(2);
  const std::size_t end = after.find_first_of("/?#");
  std::string_view authority = after.substr(0, end);
  if (!uri_chars(authority, true) || !uri_chars(after.substr(authority.size()), false)) {
    return false;
  }
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    return close != std::string_view::npos && close > 1;
  }
  const std::size_t port = authority.rfind(':');
  if (port != std::string_view::npos) {
    const std::string_view digits = authority.substr(port + 1);
    if (!digits.empty() && !all_digits(digits)) return false;
    authority = authority.substr(0, port);
  }
  return !authority.empty();
}

bool is_rfc3339(std::string_view v) {
  if (v.size() < 20 || v[4] != '-' || v[7] != '-') return false;
  const std::optional<int> year = number(v.substr(0, 4));
  const std::optional<int> month = number(v.substr(5, 2));
  const std::optional<int> day = number(v.substr(8, 2));
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(*year, *month)) {
    return false;
  }
  if (v[10] != 'T' && v[10] != 't' && v[10] != ' ') return false;
  if (!hour_minute(v.substr(11, 5)) || v[16] != ':') return false;
  const std::optional<int> second = number(v.substr(17, 2));
  if (!second || *second > 60) return false;
  std::string_view rest = v.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && is_digit(rest[digits])) ++digits;
    if (digits == 1) return false;
    rest = rest.substr(digits);
  }
  if (rest == "Z" || rest == "z") return true;
  return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && hour_minute(rest.substr(1));
}

bool is_semver(std::string_view v) {
  const std::size_t plus = v.find('+');
  if (plus != std::string_view::npos && !dotted_identifiers(v.substr(plus + 1), false)) {
    return false;
  }
  const std::string_view version = v.substr(0, plus);
  const std::size_t dash = version.find('-');
  if (dash != std::string_view::npos && !dotted_identifiers(version.substr(dash + 1), true)) {
    return false;
  }
  const std::string_view core = version.substr(0, dash);
  std::size_t start = 0;
  for (int part = 0; part < 3; ++part) {
    const std::size_t dot = core.find('.', start);
    if ((part < 2) == (dot == std::string_view::npos)) return false;
    if (!numeric_identifier(
            core.substr(start, dot == std::string_view::npos ? core.npos : dot - start))) {
      return false;
    }
    start = dot + 1;
  }
  return true;
}

bool is_git_hash(std::string_view v) {
  if ((v.size() < 7 || v.size() > 40) && v.size() != 64) return false;
  for (char c : v) {
    if (!is_digit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

bool is_email(std::string_view v) {
  std::size_t local_end = quoted_string(v);
  if (local_end == 0) {
    local_end = v.rfind('@');
    if (local_end == std::string_view::npos || !dot_atom(v.substr(0, local_end))) return false;
  }
  if (local_end >= v.size() || v[local_end] != '@') return false;
  const std::string_view domain = v.substr(local_end + 1);
  if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
    for (char c : domain.substr(1, domain.size() - 2)) {
      if (c == '[' || c == ']' || c == '\\' || c <= ' ') return false;
    }
    return true;
  }
  return dot_atom(domain);
}

bool is_spdx_expression(std::string_view value) { return SpdxParser(value).parse(); }

bool value_matches(LabelType type, std::string_view value) {
  switch (type) {
    case LabelType::kText:
      return true;
    case LabelType::kUrl:
      return is_uri(value);
    case LabelType::kHash:
      return is_git_hash(value);
    case LabelType::kRfc3339:
      return is_rfc3339(value);
    case LabelType::kSemver:
      return is_semver(value);
    case LabelType::kSpdx:
      return is_spdx_expression(value);
    case LabelType::kEmail:
      return is_email(value);
  }
  return true;
}

}  // namespace whalesafe::rules
