// ASCII case helpers (syntax/ascii.h): icontains finds a lower-case needle in any case, at any
// place, and never because of a non-ASCII byte.
#include "syntax/ascii.h"

#include <catch2/catch.hpp>

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
