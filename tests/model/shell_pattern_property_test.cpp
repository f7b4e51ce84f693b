// Property test of the pattern operators: on random ASCII values and patterns, remove_prefix,
// remove_suffix and replace_pattern must agree with a backtracking regex engine (std::regex,
// ECMAScript) running the regular expression BuildKit builds from the pattern. ECMAScript and
// Go's RE2 differ in how they choose among matches in general, but not for these expressions
// (literals, `.`, `.*` and `.*?` only), where both return the leftmost match and prefer
// longer/shorter stars in order.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <regex>
#include <string>

#include "model/shell_pattern.h"

namespace whalesafe::model {
namespace {

// The regular expression BuildKit derives from a pattern, written for std::regex.
std::string to_regex(std::string_view pattern, bool greedy) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*') {
      out += greedy ? ".*" : ".*?";
    } else if (c == '?') {
      out += '.';
    } else if (c == '\\' && i + 1 < pattern.size()) {
      out += '\\';
      out += pattern[++i];
    } else if (std::string_view("[]{}.+()|^$\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string reversed(std::string s) { return {s.rbegin(), s.rend()}; }

// The pattern reversed with each `\x` pair kept in order.
std::string reversed_pattern(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size();) {
    const std::size_t len = p[i] == '\\' && i + 1 < p.size() ? 2 : 1;
    out.insert(0, p.substr(i, len));
    i += len;
  }
  return out;
}

std::string reference_prefix(const std::string& value, const std::string& pattern, bool greedy) {
  const std::regex re(to_regex(pattern, greedy));
  std::smatch m;
  if (std::regex_search(value, m, re, std::regex_constants::match_continuous)) {
    return value.substr(static_cast<std::size_t>(m.length(0)));
  }
  return value;
}

std::string reference_replace(const std::string& value, const std::string& pattern,
                              const std::string& repl, bool all) {
  const std::regex re(to_regex(pattern, true));
  std::smatch m;
  if (!all) {
    if (!std::regex_search(value, m, re)) return value;
    return value.substr(0, static_cast<std::size_t>(m.position(0))) + repl +
           value.substr(static_cast<std::size_t>(m.position(0) + m.length(0)));
  }
  // Go's ReplaceAll loop.
  std::string out;
  std::size_t last_end = 0;
  std::size_t search = 0;
  while (search <= value.size()) {
    const auto flags =
        search > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
    if (!std::regex_search(value.begin() + static_cast<std::ptrdiff_t>(search), value.end(), m, re,
                           flags)) {
      break;
    }
    const std::size_t start = search + static_cast<std::size_t>(m.position(0));
    const std::size_t end = start + static_cast<std::size_t>(m.length(0));
    out += value.substr(last_end, start - last_end);
    if (end > last_end || start == 0) out += repl;
    last_end = end;
    search = end > search ? end : search + 1;
  }
  return out + value.substr(last_end);
}

std::string random_string(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t n = len(rng); n > 0; --n) out += alphabet[pick(rng)];
  return out;
}

std::string random_pattern(std::mt19937& rng) {
  static constexpr std::string_view kPieces[] = {"a",   "b",   ".",    "*", "*", "?",
                                                 "\\*", "\\?", "\\\\", "(", "x"};
  std::uniform_int_distribution<std::size_t> len(0, 5);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  std::string out;
  for (std::size_t n = len(rng); n > 0; --n) out += kPieces[pick(rng)];
  return out;
}

TEST_CASE("pattern operators agree with a regex engine", "[unit][pattern]") {
  const char* seed_env = std::getenv("WHALESAFE_FUZZ_SEED");
  const unsigned seed =
      seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 20261123u;
  std::mt19937 rng(seed);
  for (int i = 0; i < 3000; ++i) {
    const std::string value = random_string(rng, "ab.*?\\(x\n", 9);
    const std::string pattern = random_pattern(rng);
    const bool longest = (i % 2) == 0;
    INFO("seed " << seed << " value '" << value << "' pattern '" << pattern << "' longest "
                 << longest);
    const PatternResult prefix = remove_prefix(value, pattern, longest);
    REQUIRE_FALSE(prefix.error);
    CHECK(prefix.value == reference_prefix(value, pattern, longest));
    const PatternResult suffix = remove_suffix(value, pattern, longest);
    REQUIRE_FALSE(suffix.error);
    CHECK(suffix.value ==
          reversed(reference_prefix(reversed(value), reversed_pattern(pattern), longest)));
    for (const bool all : {false, true}) {
      const PatternResult replaced = replace_pattern(value, pattern, "<>", all);
      REQUIRE_FALSE(replaced.error);
      CHECK(replaced.value == reference_replace(value, pattern, "<>", all));
    }
  }
}

}  // namespace
}  // namespace whalesafe::model
