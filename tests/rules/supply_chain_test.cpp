// The helpers of the supply-chain rules (setting_scan, url_util) and cases their fixtures
// cannot express: a backtick escape character, fixes on continued lines, counts of findings.
#include <catch2/catch.hpp>

#include "rules/setting_scan.h"
#include "rules/url_util.h"
#include "support.h"

namespace rules = whalesafe::rules;
namespace testing = whalesafe::testing;

TEST_CASE("settings are found as whole names with their values", "[supply]") {
  const std::vector<rules::SettingSpec> specs = {{"gpgcheck", rules::kFalsy},
                                                 {"registry", {"http://"}, true}};
  auto found = rules::find_settings("gpgcheck=0\nrepo_gpgcheck=0 nogpgcheck=0", specs);
  REQUIRE(found.size() == 1);
  CHECK(found[0].start == 0);
  CHECK(found[0].end == 10);
  // Blanks and quotes around the value, and a closing quote kept in the range.
  found = rules::find_settings("x GPGCHECK = \"False\";", specs);
  REQUIRE(found.size() == 1);
  CHECK(found[0].value == "False");
  CHECK(found[0].end == 20);
  // A key needs a separator; `gpgcheck.x` and `gpgcheck-foo` are other names.
  CHECK(rules::find_settings("gpgcheck0 gpgcheck.x=0 gpgcheck-foo=0", specs).empty());
  // An option spelled with -- counts.
  CHECK(rules::find_settings("--gpgcheck=false", specs).size() == 1);
  // Prefix values.
  CHECK(rules::find_settings("registry=http://r.example.com/", specs).size() == 1);
  CHECK(rules::find_settings("registry=https://r.example.com/", specs).empty());
  uint32_t start = 0;
  REQUIRE(rules::key_at_end("global.registry", specs, start).has_value());
  CHECK(start == 7);
  CHECK_FALSE(rules::key_at_end("myregistry", specs, start).has_value());
}

TEST_CASE("URL hosts and schemes", "[supply]") {
  CHECK(rules::is_plain_http("HTTP://example.com"));
  CHECK_FALSE(rules::is_plain_http("https://example.com"));
  CHECK(rules::url_host("http://user:pw@example.com:8080/x") == "example.com");
  CHECK(rules::is_loopback_url("https://localhost:8443/health"));
  CHECK(rules::is_loopback_url("http://127.0.0.2/"));
  CHECK(rules::is_loopback_url("http://[::1]:80/"));
  CHECK_FALSE(rules::is_loopback_url("http://localhost.example.com/"));
  CHECK(rules::find_plain_http("x=http://a", 0, 10) == 2u);
  CHECK_FALSE(rules::find_plain_http("xhttp://a", 0, 9).has_value());
}

TEST_CASE("removing -k keeps a backtick-continued line intact", "[supply]") {
  const std::string fixed = testing::fix_for_rule(
      "# escape=`\nFROM debian:bookworm-slim\nRUN curl -fsSL `\n    -k `\n    "
      "https://example.com/x -o /x\n",
      "tls-verification-disabled");
  CHECK(fixed ==
        "# escape=`\nFROM debian:bookworm-slim\nRUN curl -fsSL `\n    https://example.com/x -o "
        "/x\n");
}

TEST_CASE("an option whose value is on the next line has no fix", "[supply]") {
  const auto ds = testing::check_for_rule(
      "FROM python:3.12-slim\nRUN pip install --trusted-host \\\n    pypi.example.com flask\n",
      "tls-verification-disabled");
  REQUIRE(ds.size() == 1);
  CHECK_FALSE(ds[0].fix.has_value());
}

TEST_CASE("one problem found two ways is reported once", "[supply]") {
  // --trusted-host is both a pip option and a `trusted-host` setting.
  CHECK(testing::check_for_rule("FROM python:3.12-slim\nRUN pip install --trusted-host=x flask\n",
                                "tls-verification-disabled")
            .size() == 1);
  // A repository file written by a heredoc: both a source list and a `baseurl` setting.
  CHECK(testing::check_for_rule("FROM fedora:40\nRUN cat > /etc/yum.repos.d/x.repo <<EOF\n"
                                "baseurl=http://r.example.com/\nEOF\n",
                                "http-download")
            .size() == 1);
}

TEST_CASE("a verification in a heredoc counts for its RUN", "[supply]") {
  CHECK(testing::check_for_rule("FROM debian:bookworm-slim\nRUN <<EOF\ncurl -fsSLo /x "
                                "https://example.com/x\necho \"abc  /x\" | sha256sum -c -\nEOF\n",
                                "download-without-integrity-check")
            .empty());
  // ... but not for another RUN.
  CHECK(testing::check_for_rule("FROM debian:bookworm-slim\nRUN curl -fsSLo /x "
                                "https://example.com/x\nRUN echo \"abc  /x\" | sha256sum -c -\n",
                                "download-without-integrity-check")
            .size() == 1);
}
