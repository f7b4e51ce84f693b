// The FROM-line ARG checks in situations a single fixture cannot hold.
#include <catch2/catch.hpp>

#include "support.h"

namespace testing = whalesafe::testing;

TEST_CASE("invalid-default-arg-in-from is silent when a global ARG default fails to expand",
          "[from-args]") {
  // BuildKit cannot compute the defaults then, and reports the expansion error instead.
  CHECK(testing::check_for_rule("ARG BAD=${X:=y}\nARG TAG\nFROM busybox:${TAG}\n",
                                "invalid-default-arg-in-from")
            .empty());
  CHECK(testing::check_for_rule("ARG TAG\nFROM busybox:${TAG}\n", "invalid-default-arg-in-from")
            .size() == 1);
}

TEST_CASE("undefined-arg-in-from: only ARGs before the first FROM count", "[from-args]") {
  const auto found = testing::check_for_rule(
      "FROM alpine:3.22 AS base\nARG TAG=3.22\nFROM alpine:${TAG}\n", "undefined-arg-in-from");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("$TAG") != std::string::npos);
  CHECK(testing::check_for_rule("ARG TAG=3.22\nFROM alpine:${TAG}\n", "undefined-arg-in-from")
            .empty());
}
