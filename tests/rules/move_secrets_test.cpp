// Edge cases of the move-secrets rewrite that the fixtures (tests/rules/fixtures/secret-*/) do
// not show one per file: a secret used in several RUNs or in none, forms of RUN that cannot
// read it first, the `env=` mount option, an existing syntax directive, two secrets in one RUN,
// and what the description tells the user.
#include <catch2/catch.hpp>

#include "fixes/fix_engine.h"
#include "rewrite_test_support.h"
#include "rules/registry.h"

namespace {

using whalesafe::rewrites::RewriteKind;
using whalesafe::testing::plan;

constexpr RewriteKind kSecrets = RewriteKind::kMoveSecrets;

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("move-secrets mounts the secret in every RUN that uses it", "[rewrite]") {
  const auto p = plan(kSecrets,
                      "FROM alpine:3.20\nARG DB_PASSWORD=hunter2-x\n"
                      "RUN init --password \"$DB_PASSWORD\"\nRUN echo unrelated\n"
                      "RUN check ${DB_PASSWORD:-none}\n",
                      "hunter2");
  REQUIRE(p.outcome.fix);
  CHECK(p.fixed ==
        "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
        "RUN --mount=type=secret,id=db_password,required=true DB_PASSWORD=\"$(cat "
        "/run/secrets/db_password)\" && export DB_PASSWORD && init --password \"$DB_PASSWORD\"\n"
        "RUN echo unrelated\n"
        "RUN --mount=type=secret,id=db_password,required=true DB_PASSWORD=\"$(cat "
        "/run/secrets/db_password)\" && export DB_PASSWORD && check ${DB_PASSWORD:-none}\n");
  const std::string& d = p.outcome.fix->description;
  CHECK(d.find("read by 2 RUNs") != std::string::npos);
  CHECK(d.find("`docker build --secret id=db_password,env=DB_PASSWORD`") != std::string::npos);
  CHECK(d.find("rotate it") != std::string::npos);
  // A name that only starts the same is another variable.
  CHECK(
      occurrences(plan(kSecrets,
                       "FROM alpine:3.20\nARG DB_PASSWORD=hunter2-x\nRUN echo $DB_PASSWORD_FILE\n",
                       "hunter2")
                      .fixed,
                  "--mount") == 0);
}

TEST_CASE("move-secrets removes a secret no RUN uses", "[rewrite]") {
  const auto arg = plan(kSecrets, "FROM alpine:3.20\nARG API_KEY=k-123456\nRUN true\n", "k-1");
  REQUIRE(arg.outcome.fix);
  CHECK(arg.fixed == "FROM alpine:3.20\nRUN true\n");  // no mount: no syntax line either
  CHECK(arg.outcome.fix->description.starts_with("Remove the ARG API_KEY, which no RUN uses"));
  const auto env = plan(kSecrets, "FROM alpine:3.20\nENV API_KEY=k-123456", "k-1");
  CHECK(env.fixed == "FROM alpine:3.20");
  CHECK(env.outcome.fix->description.find("`docker run -e API_KEY`") != std::string::npos);
}

TEST_CASE("move-secrets declines where no line can read the secret first", "[rewrite]") {
  const auto exec =
      plan(kSecrets, "FROM alpine:3.20\nARG TOKEN=t-98765\nRUN [\"sh\", \"-c\", \"use $TOKEN\"]\n",
           "t-9");
  CHECK_FALSE(exec.outcome.fix);
  CHECK(exec.outcome.why_not ==
        "RUN on line 3 uses TOKEN in exec form or in a heredoc script, where no line can read "
        "the secret first");
  const auto heredoc =
      plan(kSecrets, "FROM alpine:3.20\nARG TOKEN=t-98765\nRUN <<EOF\nuse $TOKEN\nEOF\n", "t-9");
  CHECK_FALSE(heredoc.outcome.fix);
  // With dockerfile 1.10 the mount sets the variable itself, whatever the form.
  const auto env_option =
      plan(kSecrets,
           "# syntax=docker/dockerfile:1.10.0\nFROM alpine:3.20\nARG TOKEN=t-98765\n"
           "RUN [\"sh\", \"-c\", \"use $TOKEN\"]\n",
           "t-9");
  CHECK(env_option.fixed ==
        "# syntax=docker/dockerfile:1.10.0\nFROM alpine:3.20\n"
        "RUN --mount=type=secret,id=token,env=TOKEN,required=true [\"sh\", \"-c\", \"use "
        "$TOKEN\"]\n");
  // A variable BuildKit expands in another instruction.
  CHECK(plan(kSecrets, "FROM alpine:3.20\nENV TOKEN=t-98765\nWORKDIR /srv/$TOKEN\n", "t-9")
            .outcome.why_not ==
        "TOKEN is used by WORKDIR on line 3, which cannot read a build secret");
  CHECK(plan(kSecrets, "FROM alpine:3.20\nRUN true\n", "RUN")
            .outcome.why_not.starts_with("only a secret in an ENV or ARG"));
}

TEST_CASE("move-secrets keeps an older syntax directive and the prefix form", "[rewrite]") {
  const auto p = plan(kSecrets,
                      "# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\nARG TOKEN=t-98765\n"
                      "USER nobody\nRUN use \"$TOKEN\"\n",
                      "t-9");
  CHECK(p.fixed ==
        "# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\nUSER nobody\n"
        "RUN --mount=type=secret,id=token,required=true,mode=0444 TOKEN=\"$(cat "
        "/run/secrets/token)\" && export TOKEN && use \"$TOKEN\"\n");
}

TEST_CASE("move-secrets: two secrets in one RUN compose and fixing again changes nothing",
          "[rewrite]") {
  using whalesafe::fixes::fix_text;
  using whalesafe::fixes::FixOptions;
  const std::string text =
      "FROM alpine:3.20\nENV DB_PASSWORD=pw-4f8a9c DB_USER=app API_TOKEN=tok-7e6d5c\n"
      "RUN setup --user \"$DB_USER\" --password \"$DB_PASSWORD\" --token \"$API_TOKEN\"\n"
      "USER nobody\n";
  const auto selection =
      whalesafe::rules::RuleSelection::only({whalesafe::rules::find_rule("secret-in-env")});
  const auto first = fix_text(text, selection, whalesafe::testing::test_settings(),
                              FixOptions{.include_unsafe = true});
  CHECK(first.converged);
  CHECK(first.applied.size() == 2);
  CHECK(first.text.find("ENV DB_USER=app\n") != std::string::npos);
  CHECK(occurrences(first.text, "--mount=type=secret") == 2);
  CHECK(occurrences(first.text, "# syntax=docker/dockerfile:1\n") == 1);
  CHECK(first.text.find("pw-4f8a9c") == std::string::npos);
  CHECK(first.text.find("tok-7e6d5c") == std::string::npos);
  const auto again = fix_text(first.text, selection, whalesafe::testing::test_settings(),
                              FixOptions{.include_unsafe = true});
  CHECK(again.applied.empty());
  CHECK(again.text == first.text);
}

TEST_CASE("move-secrets for copied credential files", "[rewrite]") {
  const auto unused =
      plan(kSecrets, "FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc ./\nCMD [\"node\"]\n", ".npmrc");
  CHECK(unused.outcome.why_not ==
        "no RUN after the COPY uses .npmrc (npm, npx, yarn, pnpm, corepack, bun); it may be "
        "needed at run time");
  CHECK(
      plan(kSecrets, "FROM node:22-slim\nCOPY --from=build /a/.npmrc /app/\nRUN npm ci\n", ".npmrc")
          .outcome.why_not.starts_with("the file is copied from another stage"));
  CHECK(plan(kSecrets, "FROM node:22-slim\nCOPY id_rsa /root/.ssh/\nRUN npm ci\n", "id_rsa")
            .outcome.why_not.starts_with("only a copied .npmrc, .pypirc or .netrc"));
  // The rm of the file in the middle of a chain goes; the description gives the --secret.
  const auto p = plan(kSecrets,
                      "FROM node:22-slim\nCOPY .npmrc /root/.npmrc\n"
                      "RUN npm ci; rm /root/.npmrc; npm run build\n",
                      ".npmrc");
  CHECK(p.fixed ==
        "# syntax=docker/dockerfile:1\nFROM node:22-slim\n"
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true npm ci; npm run "
        "build\n");
  CHECK(p.outcome.fix->description.find("`docker build --secret id=npmrc,src=.npmrc`") !=
        std::string::npos);
  // A destination written with an ENV is read as BuildKit expands it.
  CHECK(plan(kSecrets,
             "FROM node:22-slim\nENV APP=/usr/src/app\nCOPY .npmrc package.json $APP/\n"
             "RUN cd \"$APP\" && npm install\n",
             ".npmrc")
            .fixed ==
        "# syntax=docker/dockerfile:1\nFROM node:22-slim\nENV APP=/usr/src/app\n"
        "COPY package.json $APP/\n"
        "RUN --mount=type=secret,id=npmrc,target=/usr/src/app/.npmrc,required=true cd "
        "\"$APP\" && npm install\n");
  CHECK(plan(kSecrets, "FROM node:22-slim\nCOPY .npmrc $UNSET/\nRUN npm ci\n", ".npmrc")
            .outcome.why_not == "the COPY uses variables that are not set in the Dockerfile");
}
