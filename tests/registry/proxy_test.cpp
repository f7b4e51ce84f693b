// server/net/proxy.cpp: proxy URLs and NO_PROXY matching; server/net/base64.cpp.
#include "net/proxy.h"

#include <catch2/catch.hpp>
#include <string>

#include "net/base64.h"

namespace net = whalesafe::net;

TEST_CASE("proxy URLs: scheme optional, credentials become Proxy-Authorization") {
  std::string error;
  auto proxy = net::parse_proxy("proxy.corp:3128", &error);
  REQUIRE(proxy.has_value());
  CHECK(proxy->url.to_string() == "http://proxy.corp:3128/");
  CHECK(proxy->authorization.empty());
  proxy = net::parse_proxy("http://user:p%40ss@10.0.0.1:8080/", &error);
  REQUIRE(proxy.has_value());
  CHECK(proxy->url.host == "10.0.0.1");
  CHECK(proxy->url.port == "8080");
  CHECK(proxy->authorization == "Basic " + net::base64_encode("user:p%40ss"));
  proxy = net::parse_proxy("http://proxy.corp", &error);
  REQUIRE(proxy.has_value());
  CHECK(proxy->url.port == "1080");
  CHECK_FALSE(net::parse_proxy("https://proxy.corp:443", &error).has_value());
  CHECK(error.find("not supported") != std::string::npos);
  CHECK_FALSE(net::parse_proxy("http://", &error).has_value());
}

TEST_CASE("NO_PROXY: wildcard, domains and subdomains, IPs, CIDR, ports") {
  const std::vector<std::string> entries = {"example.com", ".corp.net", "10.0.0.0/8", "::1",
                                            "registry.local:5000"};
  CHECK(net::no_proxy_matches(entries, "example.com", "443"));
  CHECK(net::no_proxy_matches(entries, "api.example.com", "443"));
  CHECK_FALSE(net::no_proxy_matches(entries, "badexample.com", "443"));
  CHECK(net::no_proxy_matches(entries, "corp.net", "80"));
  CHECK(net::no_proxy_matches(entries, "x.corp.net", "80"));
  CHECK(net::no_proxy_matches(entries, "10.20.30.40", "443"));
  CHECK_FALSE(net::no_proxy_matches(entries, "11.0.0.1", "443"));
  CHECK(net::no_proxy_matches(entries, "::1", "5000"));
  CHECK(net::no_proxy_matches(entries, "registry.local", "5000"));
  CHECK_FALSE(net::no_proxy_matches(entries, "registry.local", "443"));
  CHECK_FALSE(net::no_proxy_matches(entries, "127.0.0.1", "443"));  // loopback not implied
  CHECK(net::no_proxy_matches({"*"}, "anything", "1"));
  CHECK(net::no_proxy_matches({"fd00::/8"}, "fd12::1", "443"));
  CHECK(net::no_proxy_matches({"example.com"}, "Example.COM", "1"));  // host names ignore case
}

TEST_CASE("proxy_for picks the scheme's proxy unless NO_PROXY matches") {
  net::ProxyConfig config;
  std::string error;
  config.https = net::parse_proxy("http://secure-proxy:3128", &error);
  config.http = net::parse_proxy("http://plain-proxy:3128", &error);
  config.no_proxy = {"internal.io"};
  const auto https_url = net::parse_url("https://ghcr.io/v2/", &error);
  const auto http_url = net::parse_url("http://localhost:5000/v2/", &error);
  const auto internal = net::parse_url("https://r.internal.io/v2/", &error);
  CHECK(net::proxy_for(config, *https_url)->url.host == "secure-proxy");
  CHECK(net::proxy_for(config, *http_url)->url.host == "plain-proxy");
  CHECK_FALSE(net::proxy_for(config, *internal).has_value());
}

TEST_CASE("base64 round trips and rejects non-base64") {
  CHECK(net::base64_encode("") == "");
  CHECK(net::base64_encode("f") == "Zg==");
  CHECK(net::base64_encode("fo") == "Zm8=");
  CHECK(net::base64_encode("foo") == "Zm9v");
  CHECK(net::base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(net::base64_decode("dXNlcjpwYXNz") == "user:pass");
  CHECK(net::base64_decode("Zg") == "f");
  CHECK_FALSE(net::base64_decode("a").has_value());
  CHECK_FALSE(net::base64_decode("ab$d").has_value());
}
