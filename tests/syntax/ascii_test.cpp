// ASCII case helpers (syntax/ascii.h): icontains finds a lower-case needle in any case, at any
// place, and never because of a non-ASCII byte.
#include "syntax/ascii.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

using whalesafe::syntax::icontains;

TEST_CASE("icontains finds a lower-case needle in any ASCII case", "[ascii]") {
  CHECK(icontains("RUN echo x > /etc/apt/apt.conf.d/99", "apt.conf"));
  CHECK(icontains("COPY APT.CONF /etc/apt/", "apt.conf"));
  CHECK(icontains("Apt.Conf", "apt.conf"));
  CHECK(icontains("xxapt.conf", "apt.conf"));  // at the end
  CHECK(icontains("anything", ""));
  CHECK_FALSE(icontains("apt.con", "apt.conf"));  // shorter than the needle
  CHECK_FALSE(icontains("apt-conf", "apt.conf"));
  CHECK_FALSE(icontains("", "a"));
  // Only ASCII letters fold: a byte above 0x7f never equals a letter.
  CHECK_FALSE(icontains("\xc1pt.conf", "apt.conf"));
}

TEST_CASE("icontains agrees with lower-casing the text and searching it", "[ascii]") {
  // Needles with a non-letter byte are searched by that byte (first, middle, last place), the
  // others by their first letter: both ways must find every occurrence a plain search finds,
  // including one after a near miss that shares the pivot byte.
  CHECK(icontains("apt-conf apt.conF", "apt.conf"));
  CHECK(icontains("..apt.conf", "apt.conf"));
  CHECK(icontains("/etc/x", "/etc"));
  CHECK(icontains("A1", "a1"));
  CHECK_FALSE(icontains("1a", "a1"));
  CHECK_FALSE(icontains("/et", "/etc"));
  const std::string alphabet = "aAbB.-/1 \xc1";
  const std::vector<std::string> needles = {"a", "ab", "a.b", ".a", "b.", "a-b.", "/", "ab1", "ba"};
  uint32_t state = 12345;
  const auto next = [&] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = next() % 12;
    for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[next() % alphabet.size()]);
    const std::string& needle = needles[next() % needles.size()];
    std::string lowered = text;
    for (char& c : lowered) c = whalesafe::syntax::ascii_lower(c);
    INFO(text << " / " << needle);
    CHECK(icontains(text, needle) == (lowered.find(needle) != std::string::npos));
  }
}
