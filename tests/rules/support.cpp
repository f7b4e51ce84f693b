#include "support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "findings/apply_fixes.h"
#include "rules/shellcheck_runner.h"
#include "syntax/document.h"

namespace whalesafe::testing {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const rules::RuleSettings& test_settings() {
  static const rules::RuleSettings settings = [] {
    rules::RuleSettings s;
    s.trusted_registries = {"docker.io", "ghcr.io/acme"};
    // A Dockerfile in the fixture directory, which has no .dockerignore.
    s.dockerfile_path = WHALESAFE_FIXTURE_DIR "/Dockerfile";
    s.eol_date = catalog::Date{2026, 11, 23};  // not the clock: fixtures must not age
    // For the label-* rules: OCI annotations, one of each type, and no other labels allowed.
    using rules::LabelType;
    s.label_schema.labels = {
        {"org.opencontainers.image.title", LabelType::kText},
        {"org.opencontainers.image.version", LabelType::kSemver},
        {"org.opencontainers.image.source", LabelType::kUrl},
        {"org.opencontainers.image.created", LabelType::kRfc3339},
        {"org.opencontainers.image.licenses", LabelType::kSpdx},
        {"org.opencontainers.image.revision", LabelType::kHash},
        {"org.opencontainers.image.authors", LabelType::kEmail},
    };
    s.label_schema.strict = true;
    return s;
  }();
  return settings;
}

std::optional<std::string> fake_digest(std::string_view reference) {
  if (reference.find("unknown") != std::string_view::npos) return std::nullopt;
  // FNV-1a, rehashed four times for 64 hex digits: stable across runs and platforms.
  std::string digest = "sha256:";
  uint64_t h = 1469598103934665603ull;
  for (int part = 0; part < 4; ++part) {
    for (char c : reference) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = (h ^ static_cast<uint64_t>(part)) * 1099511628211ull;
    static const char* const kHex = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) digest += kHex[(h >> shift) & 0xf];
  }
  return digest;
}

rules::RuleSettings settings_for(std::string_view slug) {
  rules::RuleSettings s = test_settings();
  // base-image-digest-unpinned's fix needs digests: a registry stands in for them (the real
  // resolver is tested in tests/registry and by tests/fix's --pin-digests test).
  if (slug == "base-image-digest-unpinned") s.digest_lookup = fake_digest;
  const std::filesystem::path context =
      std::filesystem::path(WHALESAFE_SOURCE_DIR) / "tests/rules/contexts" / std::string(slug);
  std::error_code ec;
  if (std::filesystem::is_directory(context, ec))
    s.dockerfile_path = (context / "Dockerfile").string();
  return s;
}

std::vector<findings::Diagnostic> check_for_rule(const std::string& text, std::string_view slug) {
  const syntax::Document doc(text);
  const rules::RuleSettings settings = settings_for(slug);
  std::vector<findings::Diagnostic> all =
      rules::check_document(doc, rules::RuleSelection::all(), settings);
  std::vector<findings::Diagnostic> mine;
  for (findings::Diagnostic& d : all) {
    if (d.rule == slug) mine.push_back(std::move(d));
  }
  return mine;
}

std::string fix_for_rule(std::string text, std::string_view slug) {
  for (int round = 0; round < 16; ++round) {
    const findings::FixResult r =
        findings::apply_fixes(text, check_for_rule(text, slug), /*include_unsafe=*/true);
    if (r.applied == 0 || r.text == text) return text;
    text = r.text;
  }
  return text;
}

bool skip_for_missing_program(std::string_view slug) {
  if (slug != "shellcheck" || rules::shellcheck::program()) return false;
  const char* ci = std::getenv("CI");
  return ci == nullptr || std::string_view(ci) != "true";
}

std::vector<findings::Diagnostic> check_defaults(const std::string& text) {
  const syntax::Document doc(text);
  rules::RuleSettings settings;
  settings.eol_date = test_settings().eol_date;  // default settings, but not the clock
  return rules::check_document(doc, rules::RuleSelection::defaults(), settings);
}

}  // namespace whalesafe::testing
