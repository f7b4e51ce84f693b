// Image references as BuildKit's reference parser accepts them (analysis/rules/image_reference.h).
#include "rules/image_reference.h"

#include <catch2/catch.hpp>

namespace rules = whalesafe::rules;

TEST_CASE("image references as distribution/reference parses them", "[image-reference]") {
  for (const char* ok :
       {"alpine", "alpine:3.20", "library/alpine", "docker.io/library/alpine:3.20",
        "ghcr.io/acme/app:1.0", "localhost:5000/app", "localhost/app", "Registry.Example.com/a/b",
        "my-registry:5000/a__b/c.d/e---f:v1.0_x",
        "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "alpine:3.20@sha256:0123456789abcdef0123456789abcdef", "[::1]:5000/app", "localhost:5000",
        "Foo/bar"}) {
    INFO(ok);
    CHECK(rules::is_valid_image_reference(ok));
  }
  for (const char* bad :
       {"", "Alpine", "alpine:", ":3.20", "busybox:", "alpine@sha256:abc", "a b", "alpine:-x",
        "app/", "/app", "a//b", "app_", "-app", "docker.io/Library/alpine", "alpine@",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a:b:c"}) {
    INFO(bad);
    CHECK_FALSE(rules::is_valid_image_reference(bad));
  }
}
