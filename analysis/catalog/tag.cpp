#include "catalog/tag.h"

#include <algorithm>
#include <array>

namespace whalesafe::catalog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

std::vector<std::string_view> split_words(std::string_view tag) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start <= tag.size()) {
    const std::size_t dash = std::min(tag.find('-', start), tag.size());
    if (dash > start) words.push_back(tag.substr(start, dash - start));
    start = dash + 1;
  }
  return words;
}

// An eight-digit build date (YYYYMMDD, years 19xx/20xx) with an optional ".N" rebuild count.
bool is_date_stamp(std::string_view word) {
  const std::string_view date = word.substr(0, std::min(word.find('.'), word.size()));
  if (date.size() != 8 || !all_digits(date)) return false;
  if (date.size() < word.size() && !all_digits(word.substr(9))) return false;
  if (date.substr(0, 2) != "19" && date.substr(0, 2) != "20") return false;
  const int month = (date[4] - '0') * 10 + (date[5] - '0');
  const int day = (date[6] - '0') * 10 + (date[7] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool starts_version(std::string_view word) {
  if (!word.empty() && word[0] == 'v') word.remove_prefix(1);
  return !word.empty() && is_digit(word[0]);
}

// A pre-release marker, alone (`rc`, `ea`, `dev5`) or as a version suffix (`rc1`, `beta3`).
bool is_prerelease_marker(std::string_view text) {
  // Not "b": eclipse-temurin's `b07` is a build number, not a beta.
  static constexpr std::array<std::string_view, 5> kMarkers = {"rc", "alpha", "beta", "ea", "dev"};
  for (std::string_view marker : kMarkers) {
    if (text.starts_with(marker)) {
      const std::string_view rest = text.substr(marker.size());
      if (rest.empty() || all_digits(rest)) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view to_string(Variant variant) {
  switch (variant) {
    case Variant::regular:
      return "regular";
    case Variant::slim:
      return "slim";
    case Variant::alpine:
      return "alpine";
    case Variant::windows:
      return "windows";
  }
  return "regular";
}

std::optional<std::vector<std::string>> split_version(std::string_view text) {
  std::vector<std::string> components;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view part = text.substr(start, dot - start);
    if (!all_digits(part)) return std::nullopt;
    components.emplace_back(part);
    if (dot == text.size()) return components;
    start = dot + 1;
  }
}

std::optional<std::string> alpine_word_release(std::string_view word) {
  if (!word.starts_with("alpine")) return std::nullopt;
  std::string_view rest = word.substr(6);
  if (rest.empty()) return std::string();
  if (rest[0] == '-') rest.remove_prefix(1);
  if (!split_version(rest)) return std::nullopt;
  return std::string(rest);
}

ParsedTag parse_tag(std::string_view tag) {
  ParsedTag out;
  out.text = std::string(tag);
  const std::vector<std::string_view> words = split_words(tag);
  bool have_version = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view word = words[i];
    if (word == "latest") {
      out.latest = true;
    } else if (out.date_stamp.empty() && is_date_stamp(word)) {
      out.date_stamp = std::string(word);
    } else if (!have_version && starts_version(word)) {
      have_version = true;
      if (word[0] == 'v') {
        out.v_prefix = true;
        word.remove_prefix(1);
      }
      // Longest run of digits and single dots, then the suffix ("3.15.0rc1", "25.0.4_7").
      std::size_t end = 0;
      while (end < word.size() &&
             (is_digit(word[end]) ||
              (word[end] == '.' && end + 1 < word.size() && is_digit(word[end + 1])))) {
        ++end;
      }
      out.version = *split_version(word.substr(0, end));
      out.version_suffix = std::string(word.substr(end));
    } else if (word == "alpine" && i + 1 < words.size() && split_version(words[i + 1])) {
      out.words.push_back("alpine-" + std::string(words[i + 1]));  // eclipse-temurin spelling
      ++i;
    } else {
      out.words.emplace_back(word);
    }
  }
  return out;
}

std::string ParsedTag::version_text() const {
  std::string joined;
  for (const std::string& component : version) {
    if (!joined.empty()) joined += '.';
    joined += component;
  }
  return joined + version_suffix;
}

bool ParsedTag::has_word(std::string_view word) const {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool ParsedTag::prerelease() const {
  if (is_prerelease_marker(version_suffix)) return true;
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& word) { return is_prerelease_marker(word); });
}

Variant ParsedTag::variant() const {
  auto any = [this](auto predicate) { return std::any_of(words.begin(), words.end(), predicate); };
  if (any([](std::string_view w) {
        return w.starts_with("windowsservercore") || w.starts_with("nanoserver");
      })) {
    return Variant::windows;
  }
  if (any([](std::string_view w) { return alpine_word_release(w).has_value(); })) {
    return Variant::alpine;
  }
  if (has_word("slim")) return Variant::slim;
  return Variant::regular;
}

std::optional<std::string> ParsedTag::alpine_release() const {
  for (const std::string& word : words) {
    if (auto release = alpine_word_release(word); release && !release->empty()) return release;
  }
  return std::nullopt;
}

}  // namespace whalesafe::catalog
