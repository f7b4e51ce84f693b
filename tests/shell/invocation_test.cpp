// Package-manager and download invocations.
#include <catch2/catch.hpp>

#include "shell/invocations.h"
#include "shell/shell_analysis.h"
#include "syntax/document.h"
#include "test_support.h"

using namespace whalesafe;
using namespace whalesafe::shell;
using whalesafe::shell::testing::marked;

namespace {

// The invocations of the first shell source of a one-RUN Dockerfile.
std::vector<Invocation> invocations_of(const std::string& dockerfile) {
  const syntax::Document doc(dockerfile);
  ParseCache cache;
  const auto shells = analyze_document(doc, cache);
  REQUIRE(!shells.empty());
  return recognize_invocations(shells[0].script, shells[0].source.map);
}

std::vector<Invocation> invocations_in(const std::string& shell) {
  return invocations_of("FROM x\nRUN " + shell + "\n");
}

struct Expected {
  std::string name;
  std::optional<std::string> version;
};

void check_packages(const Invocation& inv, const std::vector<Expected>& expected) {
  REQUIRE(inv.packages.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("package " << i << " " << inv.packages[i].spec);
    CHECK(inv.packages[i].name == expected[i].name);
    CHECK(inv.packages[i].version == expected[i].version);
  }
}

}  // namespace

TEST_CASE("apt-get: flags, clusters and pinned packages with ranges", "[invocation]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN apt-get update && sudo apt-get install -q[[y]] --no-install-recommends \\\n"
      "      curl=[[7.88.1-10]] \"ca-certificates\" && rm -rf /var/lib/apt/lists/*\n");
  const auto inv = invocations_of(m.text);
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].manager == Manager::kAptGet);
  CHECK(inv[0].action == "update");
  CHECK(inv[1].action == "install");
  CHECK(inv[1].wrappers == std::vector<std::string>{"sudo"});
  CHECK(inv[1].has_flag("quiet"));
  CHECK(inv[1].has_flag("no-install-recommends"));
  const Flag* yes = inv[1].flag("yes");
  REQUIRE(yes != nullptr);
  CHECK(yes->spelling == "-y");
  CHECK(yes->span.doc.covering == m.ranges[0]);
  check_packages(inv[1], {{"curl", "7.88.1-10"}, {"ca-certificates", std::nullopt}});
  REQUIRE(inv[1].packages[0].version_span);
  CHECK(inv[1].packages[0].version_span->doc.covering == m.ranges[1]);
}

TEST_CASE("apk, yum, dnf, microdnf, zypper", "[invocation]") {
  auto inv = invocations_in("apk add --no-cache --allow-untrusted bash=5.2.15-r0 curl~8");
  REQUIRE(inv.size() == 1);
  CHECK(inv[0].manager == Manager::kApk);
  CHECK(inv[0].has_flag("no-cache"));
  CHECK(inv[0].has_flag("allow-untrusted"));
  check_packages(inv[0], {{"bash", "5.2.15-r0"}, {"curl", "8"}});

  inv = invocations_in("yum install -y --nogpgcheck httpd-2.4.6 python3-pip && yum clean all");
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].has_flag("yes"));
  CHECK(inv[0].has_flag("nogpgcheck"));
  check_packages(inv[0], {{"httpd", "2.4.6"}, {"python3-pip", std::nullopt}});
  CHECK(inv[1].action == "clean");
  REQUIRE(inv[1].operands.size() == 1);
  CHECK(inv[1].operands[0].text == "all");

  inv = invocations_in("dnf -y install nginx; microdnf install -y tar");
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].manager == Manager::kDnf);
  CHECK(inv[0].has_flag("yes"));
  CHECK(inv[1].manager == Manager::kMicrodnf);

  inv = invocations_in("zypper -n install --no-recommends vim=9.0");
  REQUIRE(inv.size() == 1);
  CHECK(inv[0].manager == Manager::kZypper);
  CHECK(inv[0].has_flag("non-interactive"));
  check_packages(inv[0], {{"vim", "9.0"}});
}

TEST_CASE("pip in its spellings", "[invocation]") {
  auto inv = invocations_in(
      "pip install --no-cache-dir --trusted-host pypi.org flask==2.0 'uvicorn[standard]>=0.2' "
      "requests -r requirements.txt && python3 -m pip install -U pip && uv pip install --system "
      "ruff && pip3.11 install ./local");
  REQUIRE(inv.size() == 4);
  CHECK(inv[0].manager == Manager::kPip);
  CHECK(inv[0].has_flag("no-cache-dir"));
  CHECK(inv[0].flag("trusted-host")->value == std::optional<std::string>("pypi.org"));
  CHECK(inv[0].flag("requirement")->value == std::optional<std::string>("requirements.txt"));
  check_packages(inv[0], {{"flask", "2.0"}, {"uvicorn", "0.2"}, {"requests", std::nullopt}});
  CHECK(inv[0].packages[1].version_operator == ">=");
  CHECK(inv[1].manager == Manager::kPip);
  check_packages(inv[1], {{"pip", std::nullopt}});
  CHECK(inv[2].manager == Manager::kUvPip);
  check_packages(inv[2], {{"ruff", std::nullopt}});
  check_packages(inv[3], {{"./local", std::nullopt}});
}

TEST_CASE("npm, yarn, pnpm, gem, go, cargo", "[invocation]") {
  auto inv = invocations_in(
      "npm install -g @angular/cli@17.0.1 typescript && npm ci && yarn global add serve@14 && "
      "pnpm add lodash");
  REQUIRE(inv.size() == 4);
  CHECK(inv[0].has_flag("global"));
  check_packages(inv[0], {{"@angular/cli", "17.0.1"}, {"typescript", std::nullopt}});
  CHECK(inv[1].action == "ci");
  CHECK(inv[2].manager == Manager::kYarn);
  CHECK(inv[2].action == "add");
  CHECK(inv[2].has_flag("global"));
  check_packages(inv[2], {{"serve", "14"}});
  CHECK(inv[3].manager == Manager::kPnpm);

  inv = invocations_in(
      "gem install bundler -v 2.4.0 && go install golang.org/x/tools/gopls@latest && "
      "cargo install ripgrep --version 14.0.0 && cargo install fd-find@9.0.0");
  REQUIRE(inv.size() == 4);
  check_packages(inv[0], {{"bundler", "2.4.0"}});
  CHECK(inv[0].packages[0].version_operator == "-v");
  check_packages(inv[1], {{"golang.org/x/tools/gopls", "latest"}});
  check_packages(inv[2], {{"ripgrep", "14.0.0"}});
  check_packages(inv[3], {{"fd-find", "9.0.0"}});
}

TEST_CASE("curl and wget: URLs, insecure flags, output, piped into a shell", "[invocation]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN curl -fsS[[k]]Lo /tmp/x.tgz https://example.com/x.tgz && \\\n"
      "    wget [[--no-check-certificate]] -qO- https://get.example.com | sudo bash -s\n");
  const auto inv = invocations_of(m.text);
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].manager == Manager::kCurl);
  const Flag* k = inv[0].flag("insecure");
  REQUIRE(k != nullptr);
  CHECK(k->span.doc.covering == m.ranges[0]);
  REQUIRE(inv[0].output);
  CHECK(inv[0].output->text == "/tmp/x.tgz");
  REQUIRE(inv[0].urls.size() == 1);
  CHECK(inv[0].urls[0].text == "https://example.com/x.tgz");
  CHECK_FALSE(inv[0].piped_to_shell);
  CHECK(inv[1].manager == Manager::kWget);
  const Flag* insecure = inv[1].flag("insecure");
  REQUIRE(insecure != nullptr);
  CHECK(insecure->span.doc.covering == m.ranges[1]);
  CHECK(inv[1].output->text == "-");
  CHECK(inv[1].piped_to_shell);
  CHECK(inv[1].has_flag("quiet"));
}

TEST_CASE("commands that only look like package managers are not invocations", "[invocation]") {
  const auto inv = invocations_in("python3 setup.py install && echo apt-get install x");
  CHECK(inv.empty());
}

TEST_CASE("options that take a value do not leave it as a package or URL", "[invocation]") {
  auto inv =
      invocations_in("wget -Y off -q https://x.example/a.tgz --proxy=on https://x.example/b");
  REQUIRE(inv.size() == 1);
  CHECK(inv[0].flag("proxy")->value == std::optional<std::string>("off"));
  REQUIRE(inv[0].urls.size() == 2);
  CHECK(inv[0].urls[0].text == "https://x.example/a.tgz");
  CHECK(inv[0].urls[1].text == "https://x.example/b");

  inv = invocations_in(
      "pip install --progress-bar off --root-user-action ignore --only-binary :all: "
      "--no-binary :none: --platform manylinux2014_x86_64 --python-version 3.11 "
      "--implementation cp --abi cp311 -t /opt/t --prefix /usr --root /r --src /s --log l.txt "
      "--cache-dir /c --retries 3 --timeout 60 -i https://i.example/simple --extra-index-url "
      "https://e.example/simple -f /wheels -c c.txt --trusted-host i.example --proxy "
      "http://p:3128 --cert ca.pem --client-cert cl.pem --exists-action w flask==2.0");
  REQUIRE(inv.size() == 1);
  check_packages(inv[0], {{"flask", "2.0"}});
  for (const char* name : {"progress-bar",
                           "root-user-action",
                           "only-binary",
                           "no-binary",
                           "platform",
                           "python-version",
                           "implementation",
                           "abi",
                           "target",
                           "prefix",
                           "root",
                           "src",
                           "log",
                           "cache-dir",
                           "retries",
                           "timeout",
                           "index-url",
                           "extra-index-url",
                           "find-links",
                           "constraint",
                           "trusted-host",
                           "proxy",
                           "cert",
                           "client-cert",
                           "exists-action"}) {
    INFO(name);
    const Flag* f = inv[0].flag(name);
    REQUIRE(f != nullptr);
    CHECK(f->value);
  }

  inv = invocations_in(
      "npm install --loglevel warn --registry https://r.example --prefix /p --cache /c "
      "--userconfig /u/.npmrc -g typescript@5.3.3");
  REQUIRE(inv.size() == 1);
  check_packages(inv[0], {{"typescript", "5.3.3"}});
  CHECK(inv[0].flag("loglevel")->value == std::optional<std::string>("warn"));
  CHECK(inv[0].flag("userconfig")->value == std::optional<std::string>("/u/.npmrc"));

  inv = invocations_in("zypper -n in -t pattern devel_basis && zypper --type package in vim");
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].has_flag("non-interactive"));
  CHECK(inv[0].flag("type")->value == std::optional<std::string>("pattern"));
  check_packages(inv[0], {{"devel_basis", std::nullopt}});
  check_packages(inv[1], {{"vim", std::nullopt}});
}

TEST_CASE("zypper addrepo: its URL, its own options", "[invocation]") {
  const auto m = marked(
      "FROM opensuse/leap\n"
      "RUN zypper -n [[ar]] [[-G]] -f -n Extra -p 90 [[https://download.example/repo/]] extra && "
      "zypper --non-interactive addrepo --no-gpgcheck x.repo\n");
  const auto inv = invocations_of(m.text);
  REQUIRE(inv.size() == 2);
  CHECK(inv[0].manager == Manager::kZypper);
  CHECK(inv[0].action == "ar");
  REQUIRE(inv[0].action_span);
  CHECK(inv[0].action_span->doc.covering == m.ranges[0]);
  CHECK(inv[0].has_flag("non-interactive"));
  const Flag* g = inv[0].flag("no-gpgcheck");
  REQUIRE(g != nullptr);
  CHECK(g->span.doc.covering == m.ranges[1]);
  CHECK(inv[0].has_flag("refresh"));
  CHECK(inv[0].flag("name")->value == std::optional<std::string>("Extra"));
  CHECK(inv[0].flag("priority")->value == std::optional<std::string>("90"));
  REQUIRE(inv[0].urls.size() == 1);
  CHECK(inv[0].urls[0].doc.covering == m.ranges[2]);
  REQUIRE(inv[0].operands.size() == 2);
  CHECK(inv[0].operands[1].text == "extra");
  CHECK(inv[1].action == "addrepo");
  CHECK(inv[1].has_flag("no-gpgcheck"));
  CHECK(inv[1].urls.empty());
}

TEST_CASE("rpm: mode options name the action, operands are package files or URLs", "[invocation]") {
  const auto m = marked(
      "FROM fedora\n"
      "RUN rpm -[[U]]vh --nosignature --nodigest --nodeps --force "
      "[[https://x.example/a-1.0-1.noarch.rpm]] /tmp/b-2.rpm && rpm -qa && "
      "rpm [[--import]] https://x.example/KEY && rpm -e --nodeps c\n");
  const auto inv = invocations_of(m.text);
  REQUIRE(inv.size() == 4);
  CHECK(inv[0].manager == Manager::kRpm);
  CHECK(manager_name(inv[0].manager) == "rpm");
  CHECK(inv[0].action == "upgrade");
  REQUIRE(inv[0].action_span);
  CHECK(inv[0].action_span->doc.covering == m.ranges[0]);
  for (const char* name : {"verbose", "hash", "nosignature", "nodigest", "nodeps", "force"}) {
    INFO(name);
    CHECK(inv[0].has_flag(name));
  }
  check_packages(inv[0], {{"https://x.example/a-1.0-1.noarch.rpm", std::nullopt},
                          {"/tmp/b-2.rpm", std::nullopt}});
  REQUIRE(inv[0].urls.size() == 1);
  CHECK(inv[0].urls[0].doc.covering == m.ranges[1]);
  CHECK(inv[1].action == "query");
  CHECK(inv[1].packages.empty());
  CHECK(inv[2].action == "import");
  CHECK(inv[2].action_span->doc.covering == m.ranges[2]);
  REQUIRE(inv[2].urls.size() == 1);
  CHECK(inv[2].urls[0].text == "https://x.example/KEY");
  CHECK(inv[3].action == "erase");
  check_packages(inv[3], {{"c", std::nullopt}});
  CHECK(invocations_in("rpm -ivh x.rpm")[0].action == "install");
  CHECK(invocations_in("rpm -qi bash")[0].action == "query");
  CHECK(invocations_in("rpm -F y.rpm")[0].action == "freshen");
}

TEST_CASE("the action word has a span", "[invocation]") {
  const auto m = marked(
      "FROM x\n"
      "RUN apt-get -y [[install]] curl && apk --no-cache [[add]] bash && "
      "yarn global [[add]] serve && python3 -m pip [[install]] x && curl https://x.example\n");
  const auto inv = invocations_of(m.text);
  REQUIRE(inv.size() == 5);
  for (std::size_t i = 0; i < 4; ++i) {
    INFO(i);
    REQUIRE(inv[i].action_span);
    CHECK(inv[i].action_span->doc.covering == m.ranges[i]);
    CHECK(inv[i].action_span->text == inv[i].action);
  }
  CHECK_FALSE(inv[4].action_span);
}
