// The value checks of the label schema types (analysis/rules/label_values.h).
#include "rules/label_values.h"

#include <catch2/catch.hpp>

#include "rules/label_schema.h"

namespace rules = whalesafe::rules;

TEST_CASE("label types by name", "[labels]") {
  CHECK(rules::parse_label_type("semver") == rules::LabelType::kSemver);
  CHECK(rules::parse_label_type("email") == rules::LabelType::kEmail);
  CHECK_FALSE(rules::parse_label_type("SemVer").has_value());
  CHECK_FALSE(rules::parse_label_type("date").has_value());
  CHECK(rules::label_type_name(rules::LabelType::kRfc3339) == "rfc3339");
  rules::LabelSchema s;
  s.set("a", rules::LabelType::kText);
  s.set("b", rules::LabelType::kUrl);
  s.set("a", rules::LabelType::kHash);  // a later setting changes the type, keeps the order
  REQUIRE(s.labels.size() == 2);
  CHECK((s.labels[0].first == "a" && s.labels[0].second == rules::LabelType::kHash));
  CHECK(s.find("b") != nullptr);
  CHECK(s.find("c") == nullptr);
}

TEST_CASE("url: absolute URIs", "[labels]") {
  for (const char* ok :
       {"https://example.com", "https://github.com/acme/demo.git",
        "http://user:pw@host:8080/p?q=1#frag", "mailto:dev@example.com", "urn:isbn:0451450523",
        "https://[::1]:443/", "https://e.com/a%20b", "git+ssh://git@github.com/acme/demo"}) {
    INFO(ok);
    CHECK(rules::is_uri(ok));
  }
  for (const char* bad :
       {"github.com/acme/demo", "/relative/path", "https://exa mple.com", "https://",
        "https://:80/", "1http://x", "http:", "https://e.com/%zz", "https://e.com/a#b#c", "://x"}) {
    INFO(bad);
    CHECK_FALSE(rules::is_uri(bad));
  }
}

TEST_CASE("rfc3339: date-times with offsets", "[labels]") {
  for (const char* ok : {"2026-11-23T10:00:00Z", "2026-11-23t10:00:00z", "2026-11-23 10:00:00Z",
                         "2024-02-29T23:59:60.123456+01:00", "1999-12-31T00:00:00-08:00"}) {
    INFO(ok);
    CHECK(rules::is_rfc3339(ok));
  }
  for (const char* bad :
       {"2026-11-23", "2026-11-23T10:00:00", "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:00.Z",
        "2026-11-23T10:00:00+0100", "26-11-23T10:00:00Z"}) {
    INFO(bad);
    CHECK_FALSE(rules::is_rfc3339(bad));
  }
}

TEST_CASE("semver: Semantic Versioning 2.0.0", "[labels]") {
  for (const char* ok : {"0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1",
                         "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
                         "1.0.0-beta+exp.sha.5114f85", "2.0.0-rc.1+build.5"}) {
    INFO(ok);
    CHECK(rules::is_semver(ok));
  }
  for (const char* bad : {"v1.2.3", "1.2", "1", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01",
                          "1.2.3+", "1.2.3-a..b", "1.2.3_4", ""}) {
    INFO(bad);
    CHECK_FALSE(rules::is_semver(bad));
  }
}

TEST_CASE("hash: git object names", "[labels]") {
  CHECK(rules::is_git_hash("9fceb02"));
  CHECK(rules::is_git_hash("9fceb02d0ae5"));
  CHECK(rules::is_git_hash("9fceb02d0ae598e95dc970b74767f19372d61af8"));
  CHECK(rules::is_git_hash(std::string(64, 'a')));
  CHECK_FALSE(rules::is_git_hash("9fceb0"));
  CHECK_FALSE(rules::is_git_hash("9FCEB02"));
  CHECK_FALSE(rules::is_git_hash("9fceb02g"));
  CHECK_FALSE(rules::is_git_hash(std::string(41, 'a')));
}

TEST_CASE("email: RFC 5322 addr-spec", "[labels]") {
  for (const char* ok : {"dev@example.com", "dev.team+oci@example.com", "a@b",
                         "\"john doe\"@example.com", "x@[192.168.0.1]", "o'brien@example.ie"}) {
    INFO(ok);
    CHECK(rules::is_email(ok));
  }
  for (const char* bad :
       {"Dev <dev@example.com>", "dev@", "@example.com", "dev", "dev..team@example.com",
        ".dev@example.com", "dev@example..com", "dev@exa mple.com", "\"unterminated@example.com"}) {
    INFO(bad);
    CHECK_FALSE(rules::is_email(bad));
  }
}

TEST_CASE("spdx: license expressions", "[labels]") {
  for (const char* ok : {"MIT", "mit", "Apache-2.0", "Apache-2.0 OR MIT", "apache-2.0 or mit",
                         "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+",
                         "GPL-2.0-or-later WITH Classpath-exception-2.0", "LicenseRef-acme-1",
                         "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "((MIT))"}) {
    INFO(ok);
    CHECK(rules::is_spdx_expression(ok));
  }
  for (const char* bad : {"GPL", "MIT/Apache-2.0", "MIT OR", "(MIT", "MIT)", "MIT AND or BSD",
                          "MIT or Apache-2.0 AND BSD-3-Clause",  // mixed operator case
                          "MIT WITH MIT", "LicenseRef-", "Proprietary", "", "NOASSERTION"}) {
    INFO(bad);
    CHECK_FALSE(rules::is_spdx_expression(bad));
  }
  CHECK(rules::is_spdx_license_id("bsd-3-clause"));
  CHECK(rules::is_spdx_exception_id("llvm-exception"));
  CHECK_FALSE(rules::is_spdx_license_id(""));
}
