// Helpers shared by the rules tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "rules/runner.h"

namespace whalesafe::testing {

std::optional<std::string> read_file(const std::string& path);

// The settings fixtures and documentation examples run with: rules that need configuration
// get some (trusted-registries: docker.io and ghcr.io/acme; end of life judged on 2026-11-23;
// a strict label schema of the seven org.opencontainers.image labels title (text), version
// (semver), source (url), created (rfc3339), licenses (spdx), revision (hash), authors (email)).
const rules::RuleSettings& test_settings();

// test_settings(), except that a rule with a directory tests/rules/contexts/<slug>/ (a build
// context holding a .dockerignore, say) checks a Dockerfile in that directory.
rules::RuleSettings settings_for(std::string_view slug);
// A stand-in digest lookup: a deterministic `sha256:...` for every reference, except those
// containing "unknown" (for which nothing is known).
std::optional<std::string> fake_digest(std::string_view reference);

// Every rule runs (so suppression rules have something to judge), with settings_for(slug);
// only `slug`'s findings are returned.
std::vector<findings::Diagnostic> check_for_rule(const std::string& text, std::string_view slug);

// Applies only `slug`'s fixes (safe and unsafe), re-checking, until nothing changes.
std::string fix_for_rule(std::string text, std::string_view slug);

// True when `slug`'s rule relays a program that is not installed here (the shellcheck rule
// without `shellcheck` on PATH), so its tests should be skipped; never under CI=true, where
// scripts/setup.sh installs it and a missing program must fail the tests.
bool skip_for_missing_program(std::string_view slug);

// Findings of the default rule set, with default settings (end of life judged as in
// test_settings()).
std::vector<findings::Diagnostic> check_defaults(const std::string& text);

}  // namespace whalesafe::testing
