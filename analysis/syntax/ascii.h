// ASCII case helpers. Dockerfile keywords, flag names, stage names and file-name patterns are
// compared without regard to ASCII case (as BuildKit does), never by locale.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace whalesafe::syntax {

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Equal but for ASCII case.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// True when `text` contains `lower_needle` (which must be lower case) but for ASCII case,
// without making a lower-cased copy of `text`.
inline bool icontains(std::string_view text, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (text.size() < lower_needle.size()) return false;
  // A byte of the needle that is not a letter has one case: memchr (vectorized) finds its
  // occurrences, and only there is the rest compared (`apt.conf` is looked for by its '.').
  for (std::size_t k = 0; k < lower_needle.size(); ++k) {
    const char pivot = lower_needle[k];
    if (pivot >= 'a' && pivot <= 'z') continue;
    const char* const begin = text.data();
    const char* const last = begin + (text.size() - lower_needle.size()) + k;  // inclusive
    for (const char* p = begin + k; p <= last;) {
      const void* hit = std::memchr(p, pivot, static_cast<std::size_t>(last - p) + 1);
      if (hit == nullptr) return false;
      const char* const at = static_cast<const char*>(hit);
      if (iequals(std::string_view(at - k, lower_needle.size()), lower_needle)) return true;
      p = at + 1;
    }
    return false;
  }
  const char first = lower_needle.front();
  const char first_upper = static_cast<char>(first - 'a' + 'A');
  for (std::size_t at = 0; at + lower_needle.size() <= text.size(); ++at) {
    if (text[at] != first && text[at] != first_upper) continue;
    if (iequals(text.substr(at, lower_needle.size()), lower_needle)) return true;
  }
  return false;
}

}  // namespace whalesafe::syntax
