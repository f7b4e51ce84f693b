// whalesafe findings as LSP Diagnostics: range in the negotiated encoding, `code` the rule's
// slug, `codeDescription.href` its documentation, `source` "whalesafe", severity, and tags
// (Unnecessary for code without effect, Deprecated for deprecated forms), and
// relatedInformation (related_information.h) when given.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "findings/diagnostic.h"
#include "lsp/features/related_information.h"
#include "lsp/protocol/line_index.h"

namespace whalesafe::lsp::features {

// Where a rule is documented: docs/rules.md in the repository, at the rule's heading.
inline constexpr std::string_view kRuleDocsBase =
    "https://github.com/whalesafe/whalesafe/blob/main/docs/rules.md#";

std::string rule_docs_url(std::string_view slug);

// LSP's DiagnosticSeverity: error 1, warning 2, info 3, style 4 (Hint).
int lsp_severity(findings::Severity severity);

// Appends one LSP Diagnostic as JSON text. `related` (optional): places in the document `uri`
// that explain the finding.
void append_lsp_diagnostic(std::string& out, const findings::Diagnostic& diagnostic,
                           std::string_view text, const protocol::LineIndex& lines,
                           protocol::PositionEncoding encoding,
                           const std::vector<RelatedLocation>* related = nullptr,
                           std::string_view uri = {});

// The JSON array of `diagnostics` as text, as publishDiagnostics and pull results carry it.
// `related` (optional) is parallel to `diagnostics`.
std::string lsp_diagnostics_json(const std::vector<findings::Diagnostic>& diagnostics,
                                 std::string_view text, const protocol::LineIndex& lines,
                                 protocol::PositionEncoding encoding,
                                 const std::vector<std::vector<RelatedLocation>>* related = nullptr,
                                 std::string_view uri = {});

// One diagnostic as a JSON value (for code actions, which carry the diagnostics they fix).
nlohmann::json to_lsp(const findings::Diagnostic& diagnostic, std::string_view text,
                      const protocol::LineIndex& lines, protocol::PositionEncoding encoding,
                      const std::vector<RelatedLocation>* related = nullptr,
                      std::string_view uri = {});

}  // namespace whalesafe::lsp::features
