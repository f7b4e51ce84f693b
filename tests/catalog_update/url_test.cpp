// server/net/url.cpp (compiled into this test from the server sources): the URLs
// `catalog update --source-url` accepts, the loopback rule for plain http://, redirects.
#include "net/url.h"

#include <catch2/catch.hpp>
#include <string>

namespace net = whalesafe::net;

namespace {

std::string round_trip(const std::string& text) {
  std::string error;
  const auto url = net::parse_url(text, &error);
  return url ? url->to_string() : "error: " + error;
}

}  // namespace

TEST_CASE("parse_url splits scheme, host, port and target") {
  std::string error;
  const auto url = net::parse_url("HTTPS://api.github.com/repos/x?ref=1#frag", &error);
  REQUIRE(url.has_value());
  CHECK(url->scheme == "https");
  CHECK(url->host == "api.github.com");
  CHECK(url->port == "443");
  CHECK(url->target == "/repos/x?ref=1");
  CHECK(round_trip("http://127.0.0.1:8080") == "http://127.0.0.1:8080/");
  CHECK(round_trip("http://[::1]:81/a") == "http://[::1]:81/a");
  CHECK(round_trip("https://h:443/x") == "https://h/x");
  CHECK(round_trip("https://h?q") == "https://h/?q");
}

TEST_CASE("parse_url rejects what the client cannot or must not fetch") {
  for (const char* bad :
       {"ftp://h/", "h/path", "https:///x", "https://user@h/", "https://h:99999x/",
        "https://h:65536/", "https://h:0/", "https://[::1/", "https://h/a b"}) {
    std::string error;
    CHECK_FALSE(net::parse_url(bad, &error).has_value());
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("only loopback hosts are loopback") {
  for (const char* host : {"localhost", "127.0.0.1", "127.1.2.3", "::1"}) {
    CHECK(net::is_loopback_host(host));
  }
  for (const char* host :
       {"example.com", "10.0.0.1", "128.0.0.1", "::2", "localhost.evil.com", "0.0.0.0"}) {
    CHECK_FALSE(net::is_loopback_host(host));
  }
}

TEST_CASE("redirect locations resolve against the request URL") {
  std::string error;
  const auto base = net::parse_url("https://h/a/b/c?x=1", &error);
  REQUIRE(base.has_value());
  CHECK(net::resolve_url(*base, "/z", &error)->to_string() == "https://h/z");
  CHECK(net::resolve_url(*base, "d", &error)->to_string() == "https://h/a/b/d");
  CHECK(net::resolve_url(*base, "//other:8443/p", &error)->to_string() == "https://other:8443/p");
  CHECK(net::resolve_url(*base, "http://127.0.0.1/q", &error)->to_string() == "http://127.0.0.1/q");
}
