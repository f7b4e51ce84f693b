// The shellcheck rule with the real ShellCheck program (Debian's `shellcheck`): findings mapped
// into their RUN instruction over part of the shared corpus, suppression by SC code, the
// configuration switch, and json1 parsing. Skipped with a message when the program is missing,
// except under CI=true (scripts/setup.sh installs it), where that fails.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "rules/registry.h"
#include "rules/runner.h"
#include "rules/shellcheck_runner.h"
#include "support.h"
#include "syntax/document.h"
#include "syntax/tree_util.h"

namespace {

namespace testing = whalesafe::testing;
using whalesafe::findings::Diagnostic;
using whalesafe::rules::RuleSelection;

bool skip() {
  if (!testing::skip_for_missing_program("shellcheck")) return false;
  std::cout << "SKIPPED: shellcheck is not on PATH (scripts/setup.sh installs it; with CI=true "
               "this fails)\n";
  return true;
}

RuleSelection shellcheck_only() {
  return RuleSelection::only({whalesafe::rules::find_rule("shellcheck")});
}

std::vector<Diagnostic> check(const std::string& text,
                              const whalesafe::rules::RuleSettings& settings = {}) {
  const whalesafe::syntax::Document doc(text);
  return whalesafe::rules::check_document(doc, shellcheck_only(), settings);
}

// The top-level instruction whose bytes hold `byte`, as "run_instruction" etc.
std::string instruction_at(const whalesafe::syntax::Document& doc, uint32_t byte) {
  for (TSNode node : whalesafe::syntax::top_level_instructions(doc.root())) {
    if (ts_node_start_byte(node) <= byte && byte < ts_node_end_byte(node)) {
      std::string type(ts_node_type(node));
      if (type == "onbuild_instruction") return "onbuild_instruction";
      return type;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("shellcheck: json1 output is read per file", "[shellcheck]") {
  const auto parsed = whalesafe::rules::shellcheck::parse_json1(
      R"({"comments":[{"file":"a.sh","line":2,"endLine":2,"column":3,"endColumn":7,)"
      R"("level":"info","code":2086,"message":"Double quote","fix":null}]})");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->size() == 1);
  CHECK((*parsed)[0].first == "a.sh");
  const auto& c = (*parsed)[0].second;
  CHECK((c.code == 2086 && c.level == "info" && c.line == 2 && c.column == 3 && c.end_column == 7));
  CHECK_FALSE(whalesafe::rules::shellcheck::parse_json1("not json").has_value());
  CHECK_FALSE(whalesafe::rules::shellcheck::parse_json1(R"({"comments":[{"file":"x"}]})"));
}

TEST_CASE("shellcheck: dialects", "[shellcheck]") {
  using whalesafe::rules::shellcheck::Dialect;
  using whalesafe::rules::shellcheck::dialect_of_program;
  CHECK(dialect_of_program("/bin/sh") == Dialect::kSh);
  CHECK(dialect_of_program("/bin/ash") == Dialect::kSh);
  CHECK(dialect_of_program("bash") == Dialect::kBash);
  CHECK(dialect_of_program("/usr/bin/mksh") == Dialect::kKsh);
  CHECK_FALSE(dialect_of_program("powershell").has_value());
  CHECK_FALSE(dialect_of_program("pwsh").has_value());
  CHECK_FALSE(dialect_of_program("cmd").has_value());
  CHECK_FALSE(dialect_of_program("zsh").has_value());
}

TEST_CASE("shellcheck: SC codes suppress, the switch turns it off", "[shellcheck]") {
  if (skip()) return;
  const std::string text =
      "FROM debian:bookworm\n"
      "RUN cd /srv; ls $HOME\n"
      "# hadolint ignore=SC2086\n"
      "RUN cd /srv; ls $HOME\n"
      "# whalesafe ignore=sc2164\n"
      "RUN cd /srv; ls $HOME\n";
  const std::vector<Diagnostic> ds = check(text);
  std::vector<std::string> seen;
  for (const Diagnostic& d : ds) {
    const auto line = whalesafe::syntax::Document(text).line_col(d.start_byte).line;
    seen.push_back(std::to_string(line) + " " + d.code);
    CHECK(d.message.rfind(d.code + ": ", 0) == 0);
  }
  CHECK(seen == std::vector<std::string>{"2 SC2164", "2 SC2086", "4 SC2164", "6 SC2086"});

  whalesafe::rules::RuleSettings off;
  off.shellcheck = false;
  CHECK(check(text, off).empty());
  whalesafe::rules::RuleSettings ignoring;
  ignoring.ignored_codes = {"sc2086"};
  const std::vector<Diagnostic> kept = check(text, ignoring);
  CHECK(kept.size() == 2);
  for (const Diagnostic& d : kept) CHECK(d.code == "SC2164");
  // An unknown SC number is still a known external ID: no suppression-unknown-rule.
  CHECK(whalesafe::rules::resolve_rule_name("SC2086").kind ==
        whalesafe::rules::NameKind::kExternal);
}

TEST_CASE("shellcheck: CRLF files and continuations map to the right columns", "[shellcheck]") {
  if (skip()) return;
  const std::string text =
      "FROM debian:bookworm\r\nRUN echo a && \\\r\n    cd /x; true\r\nRUN\tcd /y; true\r\n";
  const whalesafe::syntax::Document doc(text);
  std::vector<std::string> seen;
  for (const Diagnostic& d : check(text)) {
    const auto start = doc.line_col(d.start_byte);
    const auto end = doc.line_col(d.end_byte);
    seen.push_back(d.code + " " + std::to_string(start.line) + ":" + std::to_string(start.column) +
                   "-" + std::to_string(end.line) + ":" + std::to_string(end.column));
  }
  // No SC1017 (literal carriage return): the shell text has none.
  CHECK(seen == std::vector<std::string>{"SC2164 3:5-3:10", "SC2164 4:5-4:10"});
}

TEST_CASE("shellcheck: ARG/ENV in scope count as assigned, by whole name", "[shellcheck]") {
  if (skip()) return;
  // app and version are in scope, so ShellCheck must not call them unassigned (SC2154) in any
  // form of expansion; app_1 merely starts with app and is not in scope, so it is reported.
  // (Lower case: ShellCheck assumes upper-case names come from the environment.)
  const std::string text =
      "FROM debian:bookworm\nARG version=1\nENV app=/opt/app\n"
      "RUN echo \"${app:-x}\" \"${#version}\"\n"
      "RUN echo \"$app_1\"\n";
  const whalesafe::syntax::Document doc(text);
  std::vector<std::string> seen;
  for (const Diagnostic& d : check(text)) {
    seen.push_back(d.code + " " + std::to_string(doc.line_col(d.start_byte).line));
  }
  CHECK(seen == std::vector<std::string>{"SC2154 5"});
}

TEST_CASE("shellcheck: severities follow ShellCheck unless configured", "[shellcheck]") {
  if (skip()) return;
  const std::string text = "FROM debian:bookworm\nRUN ls $HOME\n";
  const std::vector<Diagnostic> ds = check(text);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].severity == whalesafe::findings::Severity::kInfo);  // SC2086 is info
  RuleSelection error = shellcheck_only();
  error.rules[0].severity = whalesafe::findings::Severity::kError;
  const whalesafe::syntax::Document doc(text);
  const auto configured = whalesafe::rules::check_document(doc, error, {});
  REQUIRE(configured.size() == 1);
  CHECK(configured[0].severity == whalesafe::findings::Severity::kError);
}

TEST_CASE("shellcheck: findings over the corpus lie in their RUN", "[shellcheck][corpus]") {
  if (skip()) return;
  const std::filesystem::path dir = std::filesystem::path(WHALESAFE_SHARED_DIR) / "corpus";
  if (!std::filesystem::is_directory(dir)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL("corpus missing: " << dir);
    std::cout << "SKIPPED: corpus missing: " << dir << "\n";
    return;
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name != "MANIFEST.tsv" && name != "README.md") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::size_t files = 0;
  std::size_t findings = 0;
  for (std::size_t i = 0; i < paths.size(); i += 8) {  // every 8th file: a run of the program each
    const std::optional<std::string> text = testing::read_file(paths[i].string());
    REQUIRE(text.has_value());
    const whalesafe::syntax::Document doc(*text);
    const auto ds = whalesafe::rules::check_document(doc, shellcheck_only(), {});
    ++files;
    for (const Diagnostic& d : ds) {
      INFO(paths[i].filename().string() << ": " << d.message);
      ++findings;
      CHECK(d.start_byte <= d.end_byte);
      CHECK(d.end_byte <= text->size());
      CHECK(d.code.rfind("SC", 0) == 0);
      CHECK(d.message.rfind(d.code + ": ", 0) == 0);
      const std::string where = instruction_at(doc, d.start_byte);
      CHECK((where == "run_instruction" || where == "onbuild_instruction"));
      if (d.end_byte > d.start_byte) CHECK(instruction_at(doc, d.end_byte - 1) == where);
    }
  }
  CHECK(findings > 0);
  std::cout << "shellcheck over " << files << " corpus files: " << findings << " findings\n";
}

namespace {

// Stands in for the language server: records the scripts the rule left unchecked.
struct DeferredCollector : whalesafe::rules::shellcheck::Deferral {
  std::vector<std::pair<whalesafe::rules::shellcheck::Dialect, std::vector<std::string>>> calls;
  void missing(whalesafe::rules::shellcheck::Dialect dialect,
               std::vector<std::string> scripts) override {
    calls.emplace_back(dialect, std::move(scripts));
  }
};

std::size_t count_rule(const std::vector<Diagnostic>& diagnostics, std::string_view rule) {
  return static_cast<std::size_t>(std::count_if(
      diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) { return d.rule == rule; }));
}

}  // namespace

TEST_CASE("shellcheck: deferred mode serves the cache and hands the missing scripts over",
          "[shellcheck]") {
  if (skip()) return;
  namespace sc = whalesafe::rules::shellcheck;
  // Variable names no other test uses: these scripts are not in the process-wide cache yet.
  const std::string text =
      "FROM debian:bookworm\n"
      "# hadolint ignore=SC2086\n"
      "RUN echo $DEFERRED_CASE_HIDDEN\n"
      "RUN echo $DEFERRED_CASE_SHOWN\n";
  const whalesafe::syntax::Document doc(text);
  const RuleSelection selection =
      RuleSelection::only({whalesafe::rules::find_rule("shellcheck"),
                           whalesafe::rules::find_rule("suppression-unused")});
  DeferredCollector collector;
  const whalesafe::rules::RuleSettings settings;
  std::optional<sc::DeferralScope> deferred(std::in_place, collector);

  // First pass: nothing cached, so no ShellCheck finding, and the SC2086 suppression, which
  // suppresses nothing yet, is not called unused.
  const auto first = whalesafe::rules::check_document(doc, selection, settings);
  CHECK(count_rule(first, "shellcheck") == 0);
  CHECK(count_rule(first, "suppression-unused") == 0);
  REQUIRE(collector.calls.size() == 1);
  CHECK(collector.calls[0].first == sc::Dialect::kSh);
  const std::vector<std::string>& missing = collector.calls[0].second;
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].find("echo $DEFERRED_CASE_HIDDEN") != std::string::npos);
  CHECK(missing[1].find("echo $DEFERRED_CASE_SHOWN") != std::string::npos);

  // The caller runs the program (filling the cache), then analyses again: complete now, with
  // nothing left over, and the same findings as the blocking mode of the CLI.
  REQUIRE(sc::check_scripts(missing, collector.calls[0].first).has_value());
  collector.calls.clear();
  const auto second = whalesafe::rules::check_document(doc, selection, settings);
  CHECK(collector.calls.empty());
  REQUIRE(count_rule(second, "shellcheck") == 1);
  CHECK(second[0].code == "SC2086");
  CHECK(text.substr(second[0].start_byte, second[0].end_byte - second[0].start_byte) ==
        "$DEFERRED_CASE_SHOWN");
  CHECK(count_rule(second, "suppression-unused") == 0);
  deferred.reset();  // the CLI's blocking mode again
  const auto blocking = whalesafe::rules::check_document(doc, selection, settings);
  CHECK(collector.calls.empty());
  REQUIRE(blocking.size() == second.size());
  for (std::size_t i = 0; i < blocking.size(); ++i) {
    CHECK(blocking[i].rule == second[i].rule);
    CHECK(blocking[i].start_byte == second[i].start_byte);
    CHECK(blocking[i].message == second[i].message);
  }
}

TEST_CASE("shellcheck: deferred mode reports what the cache holds without asking again",
          "[shellcheck]") {
  if (skip()) return;
  namespace sc = whalesafe::rules::shellcheck;
  const std::string cached_run = "RUN echo $DEFERRED_PARTIAL_CACHED\n";
  const whalesafe::syntax::Document warm("FROM debian:bookworm\n" + cached_run);
  // The blocking mode fills the cache for this RUN.
  REQUIRE(count_rule(whalesafe::rules::check_document(warm, shellcheck_only(), {}), "shellcheck") ==
          1);
  const whalesafe::syntax::Document doc("FROM debian:bookworm\n" + cached_run +
                                        "RUN echo $DEFERRED_PARTIAL_NEW\n");
  DeferredCollector collector;
  const whalesafe::rules::RuleSettings settings;
  std::optional<sc::DeferralScope> deferred(std::in_place, collector);
  const auto found = whalesafe::rules::check_document(doc, shellcheck_only(), settings);
  REQUIRE(count_rule(found, "shellcheck") == 1);
  CHECK(doc.text().substr(found[0].start_byte, found[0].end_byte - found[0].start_byte) ==
        "$DEFERRED_PARTIAL_CACHED");
  REQUIRE(collector.calls.size() == 1);
  REQUIRE(collector.calls[0].second.size() == 1);
  CHECK(collector.calls[0].second[0].find("$DEFERRED_PARTIAL_NEW") != std::string::npos);
  CHECK(sc::cached_results(collector.calls[0].second, sc::Dialect::kSh)[0] == std::nullopt);
}
