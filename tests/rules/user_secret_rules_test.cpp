// Cases of the USER, secret and build-context rules that one fixture file cannot hold: which
// stage is final, base images with known default users, the build context on disk, and the
// helpers that classify names, values and tokens.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "rules/credential_names.h"
#include "rules/credential_tokens.h"
#include "rules/registry.h"
#include "rules/runner.h"
#include "rules/secret_files.h"
#include "support.h"
#include "syntax/document.h"

namespace {

namespace testing = whalesafe::testing;
namespace rules = whalesafe::rules;

std::size_t count(const std::string& text, std::string_view slug) {
  return testing::check_for_rule(text, slug).size();
}

std::string first_message(const std::string& text, std::string_view slug) {
  const auto ds = testing::check_for_rule(text, slug);
  return ds.empty() ? std::string() : ds.front().message;
}

}  // namespace

TEST_CASE("user-missing follows the final stage and its base", "[user]") {
  CHECK(count("FROM alpine:3.20\nRUN true\n", "user-missing") == 1);
  // USER inherited through FROM <stage>, even when the final stage adds nothing.
  CHECK(count("FROM alpine:3.20 AS base\nUSER app\nFROM base\nRUN true\n", "user-missing") == 0);
  // A USER in another stage does not count.
  CHECK(count("FROM alpine:3.20 AS base\nUSER app\nFROM alpine:3.20\nRUN true\n", "user-missing") ==
        1);
  // scratch runs as root.
  CHECK(first_message("FROM golang:1.23 AS b\nFROM scratch\nCOPY --from=b /app /app\n",
                      "user-missing")
            .find("scratch") != std::string::npos);
  // Images whose default user is not root, and images only known at build time.
  CHECK(count("FROM gcr.io/distroless/static-debian12:nonroot\n", "user-missing") == 0);
  CHECK(count("FROM cgr.dev/chainguard/static:latest\n", "user-missing") == 0);
  CHECK(count("ARG BASE\nFROM $BASE\n", "user-missing") == 0);
  CHECK(count("ARG BASE=python:3.12\nFROM $BASE\n", "user-missing") == 1);
  // Entrypoints that drop privileges at run time.
  CHECK(count("FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT [\"/entry.sh\"]\n",
              "user-missing") == 0);
  // USER root is user-root's finding, not this one.
  CHECK(count("FROM debian:12\nUSER root\n", "user-missing") == 0);
}

TEST_CASE("user-root reads the last USER of the final image", "[user]") {
  CHECK(count("FROM debian:12\nUSER root:root\n", "user-root") == 1);
  CHECK(count("FROM debian:12\nUSER root\nRUN true\nUSER app\n", "user-root") == 0);
  // Through a variable's default.
  CHECK(count("FROM debian:12\nARG UID=0\nUSER $UID\n", "user-root") == 1);
  CHECK(count("FROM debian:12\nARG UID=1000\nUSER $UID\n", "user-root") == 0);
  // Inherited from the stage the final stage is built on: reported where it is written.
  const std::string inherited = "FROM debian:12 AS base\nUSER 0\nFROM base\nRUN true\n";
  const auto ds = testing::check_for_rule(inherited, "user-root");
  REQUIRE(ds.size() == 1);
  CHECK(ds.front().message.find("stage 0") != std::string::npos);
  CHECK(inherited.substr(ds.front().start_byte, ds.front().end_byte - ds.front().start_byte) ==
        "0");
  // scratch without USER is user-missing's finding.
  CHECK(count("FROM scratch\nCOPY app /app\n", "user-root") == 0);
}

TEST_CASE("credential names need a credential word that is not qualified away", "[secrets]") {
  for (const char* name :
       {"DB_PASSWORD", "POSTGRES_PASSWORD", "githubToken", "API_KEY", "AWS_SECRET_ACCESS_KEY",
        "CLIENT_SECRET", "SECRET", "NPM_AUTH_TOKEN", "db-pass", "SSH_PASSPHRASE", "stripeApiKey"}) {
    INFO(name);
    CHECK(rules::is_credential_name(name));
  }
  for (const char* name :
       {"TOKEN_TTL", "PASSWORD_POLICY", "SECRET_KEY_FILE", "AWS_ACCESS_KEY_ID", "GPG_KEY", "PWD",
        "KEYBOARD", "MYSQL_ALLOW_EMPTY_PASSWORD", "TOKEN_URL", "PASSWORD_MIN_LENGTH", "SECRET_NAME",
        "BYPASS", "SWIFT_SIGNING_KEY", "PATH"}) {
    INFO(name);
    CHECK_FALSE(rules::is_credential_name(name));
  }
  CHECK(rules::is_literal_credential_value("hunter2"));
  CHECK(rules::is_literal_credential_value("12345678"));
  for (const char* value : {"", "$TOKEN", "${TOKEN}", "true", "No", "/run/secrets/db",
                            "https://vault.example.com", "<token>", "xxxxxxxx", "****"}) {
    INFO(value);
    CHECK_FALSE(rules::is_literal_credential_value(value));
  }
}

TEST_CASE("credential tokens have documented shapes", "[secrets]") {
  const auto kinds = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& t : rules::find_credential_tokens(text)) {
      out.push_back(std::string(t.kind) + "=" + std::string(text.substr(t.start, t.end - t.start)));
    }
    return out;
  };
  CHECK(kinds("id=AKIAZ7Q2R4T6V8X0B3D5 x") ==
        std::vector<std::string>{"AWS access key ID=AKIAZ7Q2R4T6V8X0B3D5"});
  // Too long, too short, inside a word, or AWS's documentation key.
  CHECK(kinds("AKIAZ7Q2R4T6V8X0B3D5X AKIAZ7Q2 xAKIAZ7Q2R4T6V8X0B3D5 AKIAIOSFODNN7EXAMPLE").empty());
  CHECK(kinds("https://u:p4ss@h/x https://u@h https://u:$P@h http://:x@h") ==
        std::vector<std::string>{"password in a URL=p4ss"});
  CHECK(kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n") ==
        std::vector<std::string>{
            "private key=-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"});
  CHECK(kinds("-----BEGIN CERTIFICATE-----").empty());
  // A token starts a word: at the start of the text, after punctuation or a non-ASCII byte,
  // never after a letter, digit, '_' or '-'; two tokens in a row are both found.
  CHECK(kinds("ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8") ==
        std::vector<std::string>{"GitHub token=ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"});
  CHECK(kinds("\xc3"
              "AKIAZ7Q2R4T6V8X0B3D5,AKIAZ7Q2R4T6V8X0B3D6") ==
        std::vector<std::string>{"AWS access key ID=AKIAZ7Q2R4T6V8X0B3D5",
                                 "AWS access key ID=AKIAZ7Q2R4T6V8X0B3D6"});
  CHECK(kinds("-AKIAZ7Q2R4T6V8X0B3D5 _AKIAZ7Q2R4T6V8X0B3D5 9AKIAZ7Q2R4T6V8X0B3D5").empty());
  // Messages show a prefix, never the secret.
  for (std::string_view secret : {"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "pw", "x"}) {
    const std::string shown = rules::redact(secret);
    CHECK(shown.find(secret) == std::string::npos);
    CHECK(shown.size() <= 4 + std::string("…").size());
  }
}

TEST_CASE("credential files by name", "[secrets]") {
  for (const char* path :
       {"id_rsa", "/root/.ssh/id_ed25519", ".ssh/", "certs/tls.key", ".env", "app/.env.production",
        ".npmrc", ".aws/credentials", "~/.aws", ".kube/config", "prod.kubeconfig",
        "my-service-account.json", ".docker/config.json", ".git-credentials", "_netrc"}) {
    INFO(path);
    CHECK(rules::credential_file_kind(path).has_value());
  }
  for (const char* path : {"id_rsa.pub", ".env.example", "config", "credentials", "ca.pem",
                           "repo.gpg.key", "package.json", "config.json", "server.crt"}) {
    INFO(path);
    CHECK_FALSE(rules::credential_file_kind(path).has_value());
  }
}

TEST_CASE("copy-context-without-dockerignore looks next to the Dockerfile", "[context]") {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / fs::path("whalesafe-context-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const rules::Rule* rule = rules::find_rule("copy-context-without-dockerignore");
  REQUIRE(rule != nullptr);
  const auto selection = rules::RuleSelection::only({rule});
  const std::string text = "FROM alpine:3.20\nCOPY . /app\n";
  const whalesafe::syntax::Document doc(text);
  const auto findings = [&](const std::string& dockerfile_path) {
    rules::RuleSettings settings;
    settings.dockerfile_path = dockerfile_path;
    return rules::check_document(doc, selection, settings).size();
  };
  CHECK(findings((dir / "Dockerfile").string()) == 1);
  CHECK(findings("") == 0);  // standard input, editors: the context is unknown
  std::ofstream(dir / "api.Dockerfile.dockerignore") << "*\n";
  CHECK(findings((dir / "api.Dockerfile").string()) == 0);  // its own ignore file
  CHECK(findings((dir / "Dockerfile").string()) == 1);
  std::ofstream(dir / ".dockerignore") << ".git\n";
  CHECK(findings((dir / "Dockerfile").string()) == 0);
  fs::remove_all(dir);
}

TEST_CASE("undefined-variable is conservative where the base image may set a name", "[vars]") {
  // On scratch (and stages built on it) nothing else sets variables.
  CHECK(count("FROM scratch\nCOPY app-$VERSION /app\n", "undefined-variable") == 1);
  // On an external image, an upper-case name may be the image's own.
  CHECK(count("FROM node:22\nWORKDIR $NODE_HOME\n", "undefined-variable") == 0);
  // ... unless it is a near-miss of a declared variable.
  CHECK(first_message("FROM node:22\nARG NODE_HOME=/n\nWORKDIR $NODE_HOM\n", "undefined-variable")
            .find("did you mean $NODE_HOME?") != std::string::npos);
  // Declared later is still undefined here.
  CHECK(count("FROM scratch\nLABEL v=$V\nARG V=1\n", "undefined-variable") == 1);
}
