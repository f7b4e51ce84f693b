#include "rules/dockerignore.h"

namespace whalesafe::rules {
namespace {

std::string_view trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r\n\v\f");
  if (first == std::string_view::npos) return {};
  const std::size_t last = s.find_last_not_of(" \t\r\n\v\f");
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// `[...]` at `p[i]` (i at '['): whether `c` is in the class; `end` gets the index after `]`.
// A class without its `]` is taken as a literal `[`.
std::optional<bool> match_class(std::string_view p, std::size_t i, char c, std::size_t& end) {
  std::size_t j = i + 1;
  bool negated = false;
  if (j < p.size() && p[j] == '^') {
    negated = true;
    ++j;
  }
  bool found = false;
  bool first = true;
  while (j < p.size() && (p[j] != ']' || first)) {
    first = false;
    char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      hi = p[j + 2];
      if (hi == '\\' && j + 3 < p.size()) {
        hi = p[j + 3];
        ++j;
      }
      j += 2;
    }
    if (lo <= c && c <= hi) found = true;
    ++j;
  }
  if (j >= p.size()) return std::nullopt;
  end = j + 1;
  return found != negated;
}

bool match_from(std::string_view p, std::size_t i, std::string_view s, std::size_t k) {
  while (i < p.size()) {
    const char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        // `**`, and `**/`: any run of characters including `/` (for `**/`, none or one ending
        // in `/`).
        std::size_t next = i + 2;
        const bool dir_prefix = next < p.size() && p[next] == '/';
        if (dir_prefix) ++next;
        if (next >= p.size()) return true;
        for (std::size_t t = k; t <= s.size(); ++t) {
          if (dir_prefix && t > k && s[t - 1] != '/') continue;
          if (match_from(p, next, s, t)) return true;
        }
        return false;
      }
      for (std::size_t t = k;; ++t) {
        if (match_from(p, i + 1, s, t)) return true;
        if (t >= s.size() || s[t] == '/') return false;
      }
    }
    if (k >= s.size()) return false;
    if (c == '?') {
      if (s[k] == '/') return false;
      ++i;
      ++k;
    } else if (c == '[') {
      std::size_t end = 0;
      const std::optional<bool> in = match_class(p, i, s[k], end);
      if (!in) {
        if (s[k] != '[') return false;
        ++i;
        ++k;
      } else {
        if (!*in) return false;
        i = end;
        ++k;
      }
    } else if (c == '\\' && i + 1 < p.size()) {
      if (s[k] != p[i + 1]) return false;
      i += 2;
      ++k;
    } else {
      if (s[k] != c) return false;
      ++i;
      ++k;
    }
  }
  return k == s.size();
}

// Whether the pattern segment `segment` may match a segment of any name (it holds `**`).
bool any_depth(std::string_view segment) { return segment.find("**") != std::string_view::npos; }

}  // namespace

std::string clean_context_path(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(part);
  }
  if (out.empty()) return ".";
  std::string joined;
  for (std::string_view part : out) {
    if (!joined.empty()) joined += '/';
    joined += part;
  }
  return joined;
}

DockerIgnore DockerIgnore::parse(std::string_view text) {
  DockerIgnore result;
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::size_t line_number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.front() == '#') continue;
    std::string_view pattern = trim(line);
    if (pattern.empty()) continue;
    const bool exception = pattern.front() == '!';
    if (exception) pattern = trim(pattern.substr(1));
    if (pattern.empty()) continue;  // a lone `!` excludes nothing (Docker rejects it)
    // Cleaning keeps a leading `/` as an absolute path would, then drops it: every pattern is
    // relative to the context root.
    std::string cleaned = clean_context_path(pattern);
    result.patterns_.push_back({std::move(cleaned), exception, line_number});
  }
  return result;
}

bool DockerIgnore::glob_match(std::string_view pattern, std::string_view path) {
  return match_from(pattern, 0, path, 0);
}

const DockerIgnore::Pattern* DockerIgnore::excluding_pattern(std::string_view path) const {
  const std::vector<std::string_view> parts = split(path, '/');
  const Pattern* decided = nullptr;
  for (const Pattern& p : patterns_) {
    // An exception can only change an excluded path, an exclusion only an included one.
    if (p.exception != (decided != nullptr)) continue;
    bool match = glob_match(p.text, path);
    // A pattern that matches a parent directory matches everything in it.
    std::size_t length = 0;
    for (std::size_t i = 0; !match && i + 1 < parts.size(); ++i) {
      length += parts[i].size() + (i > 0 ? 1 : 0);
      match = glob_match(p.text, path.substr(0, length));
    }
    if (match) decided = p.exception ? nullptr : &p;
  }
  return decided;
}

bool DockerIgnore::may_include_below(std::string_view path) const {
  const std::vector<std::string_view> parts =
      path == "." ? std::vector<std::string_view>{} : split(path, '/');
  for (const Pattern& p : patterns_) {
    if (!p.exception) continue;
    const std::vector<std::string_view> segments = split(p.text, '/');
    bool possible = true;
    std::size_t i = 0;
    for (; i < parts.size() && i < segments.size(); ++i) {
      if (any_depth(segments[i])) break;
      if (!glob_match(segments[i], parts[i])) {
        possible = false;
        break;
      }
    }
    if (!possible) continue;
    // A `**` reaches any depth; otherwise the pattern must be longer than the path.
    if (i < segments.size() && (any_depth(segments[i]) || segments.size() > parts.size())) {
      return true;
    }
  }
  return false;
}

}  // namespace whalesafe::rules
