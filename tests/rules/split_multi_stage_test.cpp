// The multi-stage split (analysis/rewrites/split_*.cpp) beyond its fixtures: the examples of
// docs/fixes/split-multi-stage.md are what the fix does (a ```dockerfile before block, then
// its ```dockerfile after block; a ```dockerfile declined block, then a ```text why block
// holding the reason the message gives), and the planner's path helpers.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "rewrites/rewrite.h"
#include "rewrites/split_scan.h"
#include "support.h"

namespace {

namespace testing = whalesafe::testing;
constexpr std::string_view kSlug = "build-tools-in-final-stage";

struct Block {
  std::string info;  // the fence's info string, e.g. "dockerfile before"
  std::string text;
  std::size_t line = 0;
};

std::vector<Block> fenced_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::size_t number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("```")) {
      if (open != nullptr) {
        open = nullptr;
      } else {
        blocks.push_back({line.substr(3), "", number});
        open = &blocks.back();
      }
      continue;
    }
    if (open != nullptr) open->text += line + "\n";
  }
  return blocks;
}

}  // namespace

TEST_CASE("the split's documentation examples are what the fix does", "[split]") {
  const std::optional<std::string> doc =
      testing::read_file(std::string(WHALESAFE_SOURCE_DIR) + "/docs/fixes/split-multi-stage.md");
  REQUIRE(doc.has_value());
  const std::vector<Block> blocks = fenced_blocks(*doc);
  std::size_t fixed = 0;
  std::size_t declined = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    INFO("docs/fixes/split-multi-stage.md:" << b.line);
    if (b.info == "dockerfile before") {
      REQUIRE(i + 1 < blocks.size());
      REQUIRE(blocks[i + 1].info == "dockerfile after");
      const std::string result = testing::fix_for_rule(b.text, kSlug);
      CHECK(result == blocks[i + 1].text);
      CHECK(testing::check_for_rule(result, "syntax-error").empty());
      CHECK(testing::fix_for_rule(result, kSlug) == result);
      ++fixed;
    } else if (b.info == "dockerfile declined") {
      REQUIRE(i + 1 < blocks.size());
      REQUIRE(blocks[i + 1].info == "text why");
      std::string why = blocks[i + 1].text;
      while (!why.empty() && why.back() == '\n') why.pop_back();
      const auto found = testing::check_for_rule(b.text, kSlug);
      CHECK_FALSE(found.empty());
      for (const auto& d : found) {
        INFO(d.message);
        CHECK_FALSE(d.fix.has_value());
        CHECK(d.message.find("no automatic split: " + why) != std::string::npos);
      }
      ++declined;
    }
  }
  CHECK(fixed >= 6);  // one per language
  CHECK(declined >= 3);
}

TEST_CASE("the split's path helpers", "[split]") {
  using whalesafe::rewrites::split::join_path;
  using whalesafe::rewrites::split::path_inside;
  CHECK(join_path("/src", "../out/app") == "/out/app");
  CHECK(join_path("/src", "./build/") == "/src/build");
  CHECK(join_path("/src", "/abs//x/.") == "/abs/x");
  CHECK(join_path("/", "..") == "/");
  CHECK(path_inside("/app/dist/x.js", "/app"));
  CHECK(path_inside("/app", "/app"));
  CHECK_FALSE(path_inside("/application", "/app"));
  CHECK(path_inside("/anything", "/"));
}

namespace {

std::string split(const std::string& text) { return testing::fix_for_rule(text, kSlug); }

// The reason the rule's findings give for offering no split ("" when one is offered).
std::string why_not(const std::string& text) {
  for (const auto& d : testing::check_for_rule(text, kSlug)) {
    const std::size_t at = d.message.find("(no automatic split: ");
    if (at != std::string::npos) return d.message.substr(at);
  }
  return "";
}

}  // namespace

TEST_CASE("the split repeats the user a RUN creates and then needs a shell", "[split]") {
  const std::string out = split(
      "FROM golang:1.27-bookworm\n"
      "WORKDIR /src\n"
      "COPY . .\n"
      "RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .\n"
      "RUN groupadd -r app && useradd -r -g app --no-log-init app\n"
      "USER app\n"
      "CMD [\"app\"]\n");
  // Not distroless: the user is created with the build image's own tools.
  CHECK(out.find("\nFROM debian:bookworm-slim\n") != std::string::npos);
  CHECK(out.find("COPY --from=build /usr/local/bin/app /usr/local/bin/app\n"
                 "RUN groupadd -r app && useradd -r -g app --no-log-init app\n"
                 "USER app\nCMD [\"app\"]\n") != std::string::npos);
  // The user RUN stays in the build stage too; USER moved.
  CHECK(out.find("RUN groupadd") < out.find("\nFROM debian"));
  CHECK(out.find("USER app") > out.find("\nFROM debian"));
}

TEST_CASE("the split keeps the keyword case of the file", "[split]") {
  const std::string out = split(
      "from rust:1.98-bookworm\n"
      "workdir /app\n"
      "copy . .\n"
      "run cargo build --release --bin server\n"
      "cmd [\"/app/target/release/server\"]\n");
  CHECK(out ==
        "from rust:1.98-bookworm as build\n"
        "workdir /app\n"
        "copy . .\n"
        "run cargo build --release --bin server\n"
        "\n"
        "from debian:bookworm-slim\n"
        "workdir /app\n"
        "copy --from=build /app/target/release/server /app/target/release/server\n"
        "cmd [\"/app/target/release/server\"]\n");
}

TEST_CASE("the split repeats ARGs that repeated instructions use", "[split]") {
  const std::string out = split(
      "FROM golang:1.27-alpine\n"
      "ARG PORT=8080\n"
      "WORKDIR /src\n"
      "COPY . .\n"
      "RUN go build -o /out/app .\n"
      "EXPOSE $PORT\n"
      "CMD [\"/out/app\"]\n");
  CHECK(out.find("\nFROM alpine:") != std::string::npos);
  CHECK(out.find("ARG PORT=8080\nWORKDIR /src\nCOPY --from=build /out/app /out/app\n"
                 "EXPOSE $PORT\n") != std::string::npos);
}

TEST_CASE("the split prunes with the package manager the build used", "[split]") {
  const std::string out = split(
      "FROM node:24-bookworm\n"
      "WORKDIR /srv\n"
      "COPY . .\n"
      "RUN yarn install --frozen-lockfile && yarn build\n"
      "CMD [\"yarn\", \"start\"]\n");
  CHECK(out.find("yarn build && yarn install --production --ignore-scripts --prefer-offline\n") !=
        std::string::npos);
  CHECK(out.find("\nFROM node:24-bookworm-slim\nWORKDIR /srv\nCOPY --from=build /srv /srv\n") !=
        std::string::npos);
}

TEST_CASE("the split copies the jar gradle builds", "[split]") {
  const std::string out = split(
      "FROM gradle:9-jdk21\n"
      "WORKDIR /home/gradle/app\n"
      "COPY . .\n"
      "RUN gradle bootJar --no-daemon\n"
      "ENTRYPOINT [\"java\", \"-jar\", \"build/libs/app.jar\"]\n");
  CHECK(out.find("\nFROM eclipse-temurin:21-jre\n") != std::string::npos);
  CHECK(out.find("COPY --from=build /home/gradle/app/build/libs/app.jar "
                 "/home/gradle/app/build/libs/app.jar\n") != std::string::npos);
}

TEST_CASE("the split declines what it cannot carry over", "[split]") {
  // The health check needs curl, which the runtime image would not have.
  CHECK(why_not("FROM golang:1.27-bookworm\nWORKDIR /src\nCOPY . .\n"
                "RUN go build -o /out/app .\n"
                "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
                "CMD [\"/out/app\"]\n")
            .find("HEALTHCHECK runs 'curl'") != std::string::npos);
  // A library's -dev package: which runtime package goes with it is unknown.
  CHECK(why_not("FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make "
                "libssl-dev\nWORKDIR /src\nCOPY . .\nRUN make\nCMD [\"./app\"]\n")
            .find("libssl-dev is installed") != std::string::npos);
  // A named user the build creates among other things.
  CHECK(why_not("FROM rust:1.98-bookworm\nWORKDIR /app\nCOPY . .\n"
                "RUN cargo build --release && useradd app\nUSER app\n"
                "CMD [\"/app/target/release/app\"]\n")
            .find("USER app is created in a RUN that also does other things") != std::string::npos);
  // Python installing into the user's site directory.
  CHECK(why_not("FROM python:3.13\nRUN apt-get update && apt-get install -y gcc\n"
                "WORKDIR /app\nCOPY . .\nRUN pip install --user -r requirements.txt\n"
                "CMD [\"python\", \"app.py\"]\n")
            .find("outside an environment the split can copy") != std::string::npos);
  // The program the image runs is not what the build wrote.
  CHECK(why_not("FROM gcc:13-bookworm\nWORKDIR /src\nCOPY . .\nRUN make\n"
                "CMD [\"/opt/tool/bin/run\"]\n")
            .find("runs /opt/tool/bin/run, which the build does not visibly produce") !=
        std::string::npos);
}

TEST_CASE("the split repeats COPYs of runtime files outside the build's directories", "[split]") {
  const std::string out = split(
      "FROM golang:1.27-bookworm\n"
      "WORKDIR /src\n"
      "COPY . .\n"
      "RUN CGO_ENABLED=0 go build -o /usr/local/bin/server .\n"
      "COPY docker-entrypoint.sh /usr/local/bin/\n"
      "ENTRYPOINT [\"docker-entrypoint.sh\"]\n"
      "CMD [\"server\"]\n");
  // The entrypoint is a script: a runtime image with a shell, not distroless.
  CHECK(out.find("\nFROM debian:bookworm-slim\nWORKDIR /src\n"
                 "COPY docker-entrypoint.sh /usr/local/bin/\n"
                 "COPY --from=build /usr/local/bin/server /usr/local/bin/server\n"
                 "ENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"server\"]\n") != std::string::npos);
}
