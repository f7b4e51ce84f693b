#include "rules/image_reference.h"

#include <cstddef>

namespace whalesafe::rules {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool word_char(char c) { return alnum(c) || c == '_'; }

// path-component: lower-case alphanumerics joined by `.`, `_`, `__` or runs of `-`.
bool path_component(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (std::size_t i = 0; i < s.size();) {
    if (lower_alnum(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && !lower_alnum(s[j])) ++j;
    const std::string_view sep = s.substr(i, j - i);
    const bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
    i = j;
  }
  return true;
}

bool path(std::string_view s) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = s.find('/', start);
    if (!path_component(
            s.substr(start, slash == std::string_view::npos ? s.npos : slash - start))) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// domain-component: alphanumerics (any case) and inner `-`.
bool domain_component(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

// host[:port], host being dotted domain components or a bracketed IPv6 address.
bool domain(std::string_view s) {
  std::string_view host = s;
  if (!s.empty() && s.front() == '[') {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    for (char c : s.substr(1, close - 1)) {
      if (!hex(c) && c != ':' && c != '.') return false;
    }
    host = {};
    s = s.substr(close + 1);
  } else {
    const std::size_t colon = s.find(':');
    host = s.substr(0, colon);
    s = colon == std::string_view::npos ? std::string_view() : s.substr(colon);
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = host.find('.', start);
      if (!domain_component(
              host.substr(start, dot == std::string_view::npos ? host.npos : dot - start))) {
        return false;
      }
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  if (s.empty()) return true;
  if (s.front() != ':' || s.size() == 1) return false;
  for (char c : s.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool tag(std::string_view s) {
  if (s.empty() || s.size() > 128 || !word_char(s.front())) return false;
  for (char c : s) {
    if (!word_char(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// algorithm ":" hex, the algorithm being letter-led alphanumeric parts joined by + . - _.
bool digest(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view algorithm = s.substr(0, colon);
  const std::string_view encoded = s.substr(colon + 1);
  bool part_start = true;
  for (char c : algorithm) {
    if (c == '+' || c == '.' || c == '-' || c == '_') {
      if (part_start) return false;
      part_start = true;
    } else if (part_start) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
      part_start = false;
    } else if (!alnum(c)) {
      return false;
    }
  }
  if (algorithm.empty() || part_start || encoded.size() < 32) return false;
  for (char c : encoded) {
    if (!hex(c)) return false;
  }
  return true;
}

}  // namespace

bool is_valid_image_reference(std::string_view reference) {
  if (reference.empty()) return false;
  // A bare 64-character hex string is an image ID, which Docker refuses as a name.
  if (reference.size() == 64) {
    bool all_hex = true;
    for (char c : reference)
      all_hex = all_hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (all_hex) return false;
  }
  std::string_view name = reference;
  if (const std::size_t at = name.find('@'); at != std::string_view::npos) {
    if (!digest(name.substr(at + 1))) return false;
    name = name.substr(0, at);
  }
  const std::size_t slash = name.rfind('/');
  const std::size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    if (!tag(name.substr(colon + 1))) return false;
    name = name.substr(0, colon);
  }
  if (name.empty() || name.size() > 255) return false;
  // The first component is a registry when it has a `.` or `:`, is `localhost`, or has
  // upper-case letters (which a repository path cannot have).
  const std::size_t first = name.find('/');
  if (first != std::string_view::npos) {
    const std::string_view head = name.substr(0, first);
    bool upper = false;
    for (char c : head) upper = upper || (c >= 'A' && c <= 'Z');
    if (head.find_first_of(".:") != std::string_view::npos || head == "localhost" || upper) {
      return domain(head) && path(name.substr(first + 1));
    }
  }
  return path(name);
}

bool is_valid_repository_component(std::string_view component) { return path_component(component); }

}  // namespace whalesafe::rules
