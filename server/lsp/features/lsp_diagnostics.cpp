#include "lsp/features/lsp_diagnostics.h"

#include "lsp/protocol/types.h"

namespace whalesafe::lsp::features {
namespace {

// LSP's DiagnosticTag values.
constexpr int kTagUnnecessary = 1;
constexpr int kTagDeprecated = 2;

// Findings on code that has no effect (editors fade it) or on a deprecated form (struck out).
int diagnostic_tag(std::string_view rule) {
  static constexpr std::string_view kUnnecessary[] = {
      "suppression-unused",         // the comment suppresses nothing
      "multiple-cmd",               // reported on the CMDs a later one replaces
      "multiple-entrypoint",        // likewise
      "multiple-healthcheck",       // likewise
      "redundant-target-platform",  // the flag repeats the default
  };
  static constexpr std::string_view kDeprecated[] = {"maintainer-deprecated", "legacy-env-format"};
  for (std::string_view r : kUnnecessary) {
    if (r == rule) return kTagUnnecessary;
  }
  for (std::string_view r : kDeprecated) {
    if (r == rule) return kTagDeprecated;
  }
  return 0;
}

}  // namespace

std::string rule_docs_url(std::string_view slug) {
  return std::string(kRuleDocsBase) + std::string(slug);
}

int lsp_severity(findings::Severity severity) {
  switch (severity) {
    case findings::Severity::kError:
      return 1;
    case findings::Severity::kWarning:
      return 2;
    case findings::Severity::kInfo:
      return 3;
    case findings::Severity::kStyle:
      return 4;
  }
  return 2;
}

nlohmann::json to_lsp(const findings::Diagnostic& diagnostic, std::string_view text,
                      const protocol::LineIndex& lines, protocol::PositionEncoding encoding,
                      const std::vector<RelatedLocation>* related, std::string_view uri) {
  const protocol::Range range{lines.position(text, diagnostic.start_byte, encoding),
                              lines.position(text, diagnostic.end_byte, encoding)};
  // A relayed tool's own code (ShellCheck's SC2086) leads the message; `code` stays the slug.
  std::string message = diagnostic.message;
  if (!diagnostic.code.empty() && message.find(diagnostic.code) == std::string::npos) {
    message = diagnostic.code + ": " + message;
  }
  nlohmann::json result = {
      {"range", protocol::to_json(range)},
      {"severity", lsp_severity(diagnostic.severity)},
      {"code", diagnostic.rule},
      {"codeDescription", {{"href", rule_docs_url(diagnostic.rule)}}},
      {"source", "whalesafe"},
      {"message", std::move(message)},
  };
  if (const int tag = diagnostic_tag(diagnostic.rule); tag != 0) result["tags"] = {tag};
  if (related && !related->empty()) {
    nlohmann::json information = nlohmann::json::array();
    for (const RelatedLocation& r : *related) {
      const protocol::Range at{lines.position(text, r.start_byte, encoding),
                               lines.position(text, r.end_byte, encoding)};
      information.push_back(
          {{"location", {{"uri", uri}, {"range", protocol::to_json(at)}}}, {"message", r.message}});
    }
    result["relatedInformation"] = std::move(information);
  }
  return result;
}

nlohmann::json to_lsp(const std::vector<findings::Diagnostic>& diagnostics, std::string_view text,
                      const protocol::LineIndex& lines, protocol::PositionEncoding encoding,
                      const std::vector<std::vector<RelatedLocation>>* related,
                      std::string_view uri) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const bool has = related && i < related->size();
    items.push_back(
        to_lsp(diagnostics[i], text, lines, encoding, has ? &(*related)[i] : nullptr, uri));
  }
  return items;
}

}  // namespace whalesafe::lsp::features
