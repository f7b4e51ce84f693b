// Configuration files (.whalesafe.yaml, .hadolint.yaml), their upward search, and rule
// selection from configuration and the command line.
#include "config/config.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "config/selection.h"
#include "rules/registry.h"

namespace {

using whalesafe::config::Config;
using whalesafe::config::ConfigKind;
using whalesafe::config::load_config_text;
using whalesafe::config::select_rules;
using whalesafe::findings::Severity;
namespace fs = std::filesystem;

const whalesafe::rules::Rule* rule(std::string_view slug) {
  return whalesafe::rules::find_rule(slug);
}

bool selected(const whalesafe::rules::RuleSelection& s, std::string_view slug) {
  return s.find(rule(slug)) != nullptr;
}

// A fresh temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("whalesafe-config-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const fs::path& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

}  // namespace

TEST_CASE(".whalesafe.yaml: rules, threshold, registries, grace days", "[config]") {
  Config c;
  load_config_text(
      "rules:\n"
      "  base-image-latest: off\n"
      "  DL3006: error\n"  // an alias
      "  json-args-recommended: on\n"
      "severity-threshold: error\n"
      "trusted-registries: [docker.io, ghcr.io/acme]\n"
      "eol-grace-days: 30\n"
      "eol-date: 2026-02-28\n",
      "test.yaml", ConfigKind::kWhalesafe, c);
  CHECK(c.problems.empty());
  CHECK(c.rules.at("base-image-latest").enabled == false);
  CHECK(c.rules.at("base-image-untagged").severity == Severity::kError);
  CHECK(c.failure_threshold == Severity::kError);
  CHECK(c.settings.trusted_registries == std::vector<std::string>{"docker.io", "ghcr.io/acme"});
  CHECK(c.settings.eol_grace_days == 30);
  CHECK(c.settings.eol_date == whalesafe::catalog::Date{2026, 2, 28});
  const auto s = select_rules(c, {}, {}).selection;
  CHECK_FALSE(selected(s, "base-image-latest"));
  REQUIRE(selected(s, "base-image-untagged"));
  CHECK(s.find(rule("base-image-untagged"))->severity == Severity::kError);
}

TEST_CASE("config problems are reported with positions, not thrown", "[config]") {
  Config c;
  load_config_text(
      "rules:\n"
      "  no-such-rule: off\n"
      "  DS003: off\n"  // hadolint's ID, not implemented: accepted silently
      "  base-image-latest: sometimes\n"
      "colour: blue\n",
      "w.yaml", ConfigKind::kWhalesafe, c);
  REQUIRE(c.problems.size() == 3);
  CHECK(c.problems[0].line == 2);
  CHECK(c.problems[0].column == 3);
  CHECK(c.problems[0].message == "unknown rule 'no-such-rule'");
  CHECK(c.problems[1].line == 4);
  CHECK(c.problems[2].message == "unknown key 'colour'");
}

TEST_CASE("eol-date must be a real date", "[config]") {
  for (const char* bad : {"eol-date: 2026-02-30\n", "eol-date: soon\n", "eol-date: [1]\n"}) {
    Config c;
    load_config_text(bad, "w.yaml", ConfigKind::kWhalesafe, c);
    INFO(bad);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].message == "'eol-date' must be a date: YYYY-MM-DD");
    CHECK_FALSE(c.settings.eol_date.has_value());
  }
}

TEST_CASE("invalid YAML is an error", "[config]") {
  Config c;
  CHECK_THROWS_AS(load_config_text("rules: [unclosed\n", "bad.yaml", ConfigKind::kWhalesafe, c),
                  whalesafe::config::ConfigError);
  CHECK_THROWS_AS(load_config_text("- a list\n", "bad.yaml", ConfigKind::kWhalesafe, c),
                  whalesafe::config::ConfigError);
}

TEST_CASE(".hadolint.yaml: ignored, override, trustedRegistries, failure-threshold", "[config]") {
  Config c;
  load_config_text(
      "ignored: [DL3007, DS003]\n"
      "override:\n"
      "  error: [DL3000]\n"
      "  info: [DL4000]\n"
      "trustedRegistries:\n"
      "  - my.registry:5000\n"
      "failure-threshold: none\n"
      "format: tty\n",  // hadolint's own setting: ignored
      ".hadolint.yaml", ConfigKind::kHadolint, c);
  CHECK(c.problems.empty());
  CHECK(c.never_fail);
  CHECK(c.settings.trusted_registries == std::vector<std::string>{"my.registry:5000"});
  const auto s = select_rules(c, {}, {}).selection;
  CHECK_FALSE(selected(s, "base-image-latest"));
  CHECK(s.find(rule("workdir-relative"))->severity == Severity::kError);
  CHECK(s.find(rule("maintainer-deprecated"))->severity == Severity::kInfo);
}

TEST_CASE("--select replaces the set, 'all' takes everything, --ignore removes", "[config]") {
  const Config none;
  auto r = select_rules(none, {"DL3007", "workdir-relative"}, {});
  CHECK(r.selection.rules.size() == 2);
  r = select_rules(none, {"all"}, {"MultipleInstructionsDisallowed"});
  CHECK(r.selection.rules.size() == whalesafe::rules::all_rules().size() - 3);
  CHECK_FALSE(selected(r.selection, "multiple-cmd"));
  r = select_rules(none, {}, {"DS003", "typo-rule"});
  CHECK(r.unknown_names == std::vector<std::string>{"typo-rule"});
  CHECK(r.selection.rules.size() == whalesafe::rules::RuleSelection::defaults().rules.size());
}

TEST_CASE("config files are found upward; the nearest of each kind wins", "[config]") {
  const TempDir tmp;
  tmp.write(".hadolint.yaml", "ignored: [DL3007]\n");
  tmp.write(".whalesafe.yaml", "rules: {workdir-relative: off}\n");
  tmp.write("project/.whalesafe.yml", "rules: {base-image-untagged: off}\n");
  fs::create_directories(tmp.path / "project/sub/deeper");
  const auto found = whalesafe::config::find_config_files(tmp.path / "project/sub/deeper");
  REQUIRE(found.size() == 2);
  CHECK(found[0] == fs::absolute(tmp.path / ".hadolint.yaml"));
  CHECK(found[1] == fs::absolute(tmp.path / "project/.whalesafe.yml"));
  Config c;
  for (const fs::path& f : found) whalesafe::config::load_config_file(f, c);
  const auto s = select_rules(c, {}, {}).selection;
  CHECK_FALSE(selected(s, "base-image-latest"));    // from .hadolint.yaml
  CHECK_FALSE(selected(s, "base-image-untagged"));  // from the nearest .whalesafe.yml
  CHECK(selected(s, "workdir-relative"));           // the farther .whalesafe.yaml is not read
  CHECK(whalesafe::config::find_config_files(tmp.path / "nowhere-but-tmp").size() >= 2);
}

TEST_CASE("label-schema and strict-labels, in both files, merged by key", "[config]") {
  using whalesafe::rules::LabelType;
  Config c;
  load_config_text(
      "label-schema:\n"
      "  author: text\n"
      "  contact: email\n"
      "  version: semver\n"
      "strict-labels: true\n",
      ".hadolint.yaml", ConfigKind::kHadolint, c);
  CHECK(c.problems.empty());
  load_config_text(
      "label-schema:\n"
      "  version: text\n"  // ours wins: the type changes, the order stays
      "  org.opencontainers.image.source: url\n"
      "strict-labels: false\n",
      ".whalesafe.yaml", ConfigKind::kWhalesafe, c);
  CHECK(c.problems.empty());
  const auto& schema = c.settings.label_schema;
  REQUIRE(schema.labels.size() == 4);
  CHECK((schema.labels[0].first == "author" && schema.labels[0].second == LabelType::kText));
  CHECK((schema.labels[1].first == "contact" && schema.labels[1].second == LabelType::kEmail));
  CHECK((schema.labels[2].first == "version" && schema.labels[2].second == LabelType::kText));
  CHECK((schema.labels[3].first == "org.opencontainers.image.source" &&
         schema.labels[3].second == LabelType::kUrl));
  CHECK_FALSE(schema.strict);
}

TEST_CASE("label-schema problems are reported and skipped", "[config]") {
  Config c;
  load_config_text(
      "label-schema:\n"
      "  good: hash\n"
      "  bad: date\n"
      "  nested: {a: b}\n"
      "strict-labels: sometimes\n",
      "w.yaml", ConfigKind::kWhalesafe, c);
  REQUIRE(c.problems.size() == 3);
  CHECK(c.problems[0].line == 3);
  CHECK(c.problems[0].message ==
        "label 'bad': expected a type: text, url, hash, rfc3339, semver, spdx or email");
  CHECK(c.problems[2].message == "'strict-labels' must be true or false");
  REQUIRE(c.settings.label_schema.labels.size() == 1);
  CHECK(c.settings.label_schema.labels[0].first == "good");
  Config list;
  load_config_text("label-schema: [a, b]\n", ".hadolint.yaml", ConfigKind::kHadolint, list);
  REQUIRE(list.problems.size() == 1);
  CHECK(list.problems[0].message == "'label-schema' must be a mapping of label: type");
}
