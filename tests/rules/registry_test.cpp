// The registry and each rule's metadata: slugs, aliases, documentation (whose example must
// trigger the rule and whose "use instead" must not), and one source file per rule.
#include "rules/registry.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "rules/rule_doc.h"
#include "support.h"

namespace {

using whalesafe::rules::all_rules;
using whalesafe::rules::FixKind;
using whalesafe::rules::NameKind;
using whalesafe::rules::resolve_rule_name;
using whalesafe::rules::Rule;
namespace testing = whalesafe::testing;

// Rules no other tool has an equivalent ID for.
const std::set<std::string_view> kNoAliasExists{
    "syntax-error",              // parse errors: hadolint and BuildKit fail without an ID
    "unknown-instruction",       // ditto
    "suppression-unused",        // whalesafe's own suppression bookkeeping
    "suppression-unknown-rule",  // ditto
    // No other linter checks what ships in the final stage.
    "build-tools-in-final-stage",

    // Supply-chain checks no other tool has (Checkov's CKV2_DOCKER_2-16 are about TLS and
    // package signatures only).
    "curl-pipe-shell", "http-download", "download-without-integrity-check",
    // Secret scanners (Trivy's, Gitleaks) look for these outside any Dockerfile check ID.
    "secret-literal",
    // No hadolint, BuildKit, Trivy or Checkov check for these.
    "chmod-world-writable", "copy-context-without-dockerignore",
    "base-image-digest-unpinned",   // no hadolint, BuildKit, Trivy or Checkov check for digests
    "copy-whole-stage-filesystem",  // none for COPY --from=x /
    "add-remote-without-checksum",  // none for ADD --checksum
    "base-image-eol",               // none: other tools leave end of life to image scanners
    "base-image-not-slim",          // none for image variants
    "shellcheck",                   // relays ShellCheck's own SC codes (Diagnostic::code)
};

}  // namespace

TEST_CASE("slugs are unique kebab-case and aliases are sound", "[registry]") {
  const std::regex kebab("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  std::set<std::string_view> slugs;
  for (const Rule* rule : all_rules()) {
    INFO(rule->info.slug);
    CHECK(std::regex_match(std::string(rule->info.slug), kebab));
    CHECK(slugs.insert(rule->info.slug).second);
    CHECK_FALSE(rule->info.summary.empty());
    if (kNoAliasExists.count(rule->info.slug) == 0) CHECK_FALSE(rule->info.aliases.empty());
    std::set<std::string_view> aliases(rule->info.aliases.begin(), rule->info.aliases.end());
    CHECK(aliases.size() == rule->info.aliases.size());
  }
  for (const Rule* rule : all_rules()) {
    for (std::string_view alias : rule->info.aliases) {
      INFO(alias);
      CHECK(slugs.count(alias) == 0);  // an alias never shadows a slug
      const auto resolved = resolve_rule_name(alias);
      CHECK(resolved.kind == NameKind::kRule);
      CHECK(std::find(resolved.rules.begin(), resolved.rules.end(), rule) != resolved.rules.end());
    }
  }
}

TEST_CASE("every rule is documented and its examples behave as documented", "[registry]") {
  for (const Rule* rule : all_rules()) {
    const auto& doc = rule->info.doc;
    const std::string slug(rule->info.slug);
    INFO(slug);
    CHECK_FALSE(doc.what.empty());
    CHECK_FALSE(doc.why.empty());
    CHECK_FALSE(doc.example.empty());
    CHECK_FALSE(doc.instead.empty());
    CHECK(doc.fix.empty() == (rule->info.fix == FixKind::kNone));
    if (testing::skip_for_missing_program(slug)) {
      WARN("SKIPPED " << slug
                      << "'s example: its program is not on PATH (scripts/setup.sh "
                         "installs it; with CI=true this fails)");
    } else {
      CHECK_FALSE(testing::check_for_rule(std::string(doc.example), slug).empty());
    }
    CHECK(testing::check_for_rule(std::string(doc.instead), slug).empty());
    const std::string md = whalesafe::rules::rule_markdown(*rule);
    for (const char* section :
         {"### What it does", "### Why is this bad?", "### Example", "### Use instead"}) {
      CHECK(md.find(section) != std::string::npos);
    }
  }
}

TEST_CASE("each rule lives in analysis/rules/<slug>.cpp and is registered", "[registry]") {
  const std::filesystem::path dir = std::filesystem::path(WHALESAFE_SOURCE_DIR) / "analysis/rules";
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    const std::optional<std::string> text = testing::read_file(entry.path().string());
    REQUIRE(text.has_value());
    if (text->find("const Rule& rule_") == std::string::npos ||
        text->find(".slug = \"") == std::string::npos) {
      continue;
    }
    const std::string slug = entry.path().stem().string();
    INFO(entry.path().string());
    CHECK(text->find(".slug = \"" + slug + "\"") != std::string::npos);
    CHECK(whalesafe::rules::find_rule(slug) != nullptr);
    files.insert(slug);
  }
  CHECK(files.size() == all_rules().size());
}

TEST_CASE("every alias is a real ID of another tool", "[registry]") {
  // external_ids.cpp knows each tool's published IDs: an alias outside them is a typo.
  for (const Rule* rule : all_rules()) {
    for (std::string_view alias : rule->info.aliases) {
      INFO(rule->info.slug << ": " << alias);
      CHECK(whalesafe::rules::is_known_external_id(alias));
    }
  }
}

TEST_CASE("rule names resolve through slugs, aliases and other tools' IDs", "[registry]") {
  CHECK(resolve_rule_name("base-image-latest").rules.size() == 1);
  CHECK(resolve_rule_name("dl3007").rules.front()->info.slug == "base-image-latest");
  const auto multiple = resolve_rule_name("MultipleInstructionsDisallowed");
  CHECK(multiple.rules.size() == 3);
  // Real IDs of other tools that no rule implements yet are known, not typos.
  CHECK(resolve_rule_name("SC2086").kind == NameKind::kExternal);
  CHECK(resolve_rule_name("DS003").kind == NameKind::kExternal);
  CHECK(resolve_rule_name("DL9999").kind == NameKind::kUnknown);
  CHECK(resolve_rule_name("base-image-lates").kind == NameKind::kUnknown);
  CHECK(resolve_rule_name("Base-Image-Latest").kind == NameKind::kUnknown);  // slugs are exact
}
