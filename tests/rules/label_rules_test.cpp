// The label rules without a schema, and with one given in a configuration file.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "rules/registry.h"
#include "rules/runner.h"
#include "syntax/document.h"

namespace {

using whalesafe::findings::Diagnostic;

std::vector<std::string> rules_reported(const std::string& text,
                                        const whalesafe::rules::RuleSettings& settings) {
  const whalesafe::syntax::Document doc(text);
  std::vector<std::string> out;
  for (const Diagnostic& d : whalesafe::rules::check_document(
           doc, whalesafe::rules::RuleSelection::all(), settings)) {
    if (d.rule.rfind("label-", 0) == 0) out.push_back(d.rule);
  }
  return out;
}

constexpr const char* kDockerfile =
    "FROM alpine:3.20\n"
    "LABEL version=v1 extra=1\n";

}  // namespace

TEST_CASE("without a schema only label-invalid-key runs", "[labels]") {
  whalesafe::rules::RuleSettings settings;
  CHECK(rules_reported(kDockerfile, settings).empty());
  CHECK(rules_reported("FROM alpine:3.20\nLABEL Version=1\n", settings) ==
        std::vector<std::string>{"label-invalid-key"});
}

TEST_CASE("a schema from .hadolint.yaml drives the label rules", "[labels]") {
  whalesafe::config::Config c;
  whalesafe::config::load_config_text(
      "label-schema:\n  version: semver\n  contact: email\nstrict-labels: true\n",
      ".hadolint.yaml", whalesafe::config::ConfigKind::kHadolint, c);
  std::vector<std::string> found = rules_reported(kDockerfile, c.settings);
  std::sort(found.begin(), found.end());
  // version=v1 is not semver, contact is missing, extra is not in the strict schema.
  CHECK(found ==
        std::vector<std::string>{"label-invalid-value", "label-missing", "label-not-in-schema"});
  c.settings.label_schema.strict = false;
  found = rules_reported(kDockerfile, c.settings);
  CHECK(std::count(found.begin(), found.end(), "label-not-in-schema") == 0);
}
