// label-invalid-key: LABEL keys that break Docker's key format recommendations (lower-case
// alphanumerics with `.` and `-` separators, starting with a letter, no reserved Docker
// namespace). Needs no schema.
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>

#include "rules/labels.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

bool lower_letter(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// What is wrong with `key`, or nullopt when it follows the recommendations.
std::optional<std::string> problem(std::string_view key) {
  static constexpr std::array<std::string_view, 3> kReserved{"com.docker.", "io.docker.",
                                                             "org.dockerproject."};
  for (std::string_view ns : kReserved) {
    if (key.substr(0, ns.size()) == ns) {
      return fmt::format("is in the {}* namespace, which Docker reserves for its own use", ns);
    }
  }
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') return std::string("has upper-case letters; use lower case");
    if (!lower_letter(c) && !digit(c) && c != '.' && c != '-') {
      return fmt::format("contains '{}'; use only lower-case letters, digits, '.' and '-'", c);
    }
  }
  if (!lower_letter(key.front())) return std::string("must start with a lower-case letter");
  if (!lower_letter(key.back()) && !digit(key.back())) {
    return std::string("must end with a letter or a digit");
  }
  if (key.find("..") != std::string_view::npos || key.find("--") != std::string_view::npos) {
    return std::string("has consecutive separators ('..' or '--')");
  }
  return std::nullopt;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const LabelEntry& e : label_entries(ctx)) {
    // A key built from variables is only known at build time.
    if (!e.key_literal || e.key.empty()) continue;
    if (std::optional<std::string> p = problem(e.key)) {
      reporter.report(e.key_node, fmt::format("label key '{}' {}", e.key, *p));
    }
  }
}

}  // namespace

const Rule& rule_label_invalid_key() {
  static const Rule rule{
      {.slug = "label-invalid-key",
       .summary = "Label keys follow Docker's key format",
       .severity = Severity::kStyle,
       .aliases = {"DL3048"},
       .doc = {.what = "Reports LABEL keys that do not follow Docker's recommendations for "
                       "label keys: only lower-case letters, digits, `.` and `-`; a lower-case "
                       "letter first and a letter or digit last; no `..` or `--`; and none in "
                       "the `com.docker.*`, `io.docker.*` and `org.dockerproject.*` namespaces, "
                       "which Docker reserves. Keys are read as BuildKit reads them (quotes "
                       "removed); keys built from variables are not judged. Short keys without "
                       "a namespace (`maintainer`, `version`) are accepted, as hadolint does, "
                       "though Docker recommends a reverse-DNS prefix of a domain you own "
                       "(`com.example.build-id`) for any tool's labels.",
               .why = "Tools that read labels (registries, scanners, `docker inspect` "
                      "filters, Kubernetes tooling) expect the common format; keys in another "
                      "case or with other characters are easy to mistype and to miss when "
                      "filtering, and the reserved namespaces may be given a meaning by Docker.",
               .example = "FROM alpine:3.20\nLABEL Maintainer=\"dev@example.com\" "
                          "com.docker.app=demo\n",
               .instead = "FROM alpine:3.20\nLABEL maintainer=\"dev@example.com\" "
                          "com.example.app=demo\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
