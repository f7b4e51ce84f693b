#include "lsp/features/lsp_diagnostics.h"

#include "lsp/protocol/types.h"
#include "lsp/transport/json_text.h"

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

namespace {

void append_position(std::string& out, protocol::Position position) {
  out += R"({"line":)";
  transport::append_json_integer(out, position.line);
  out += R"(,"character":)";
  transport::append_json_integer(out, position.character);
  out += '}';
}

void append_range(std::string& out, std::string_view text, const protocol::LineIndex& lines,
                  protocol::PositionEncoding encoding, uint32_t start, uint32_t end) {
  out += R"({"start":)";
  append_position(out, lines.position(text, start, encoding));
  out += R"(,"end":)";
  append_position(out, lines.position(text, end, encoding));
  out += '}';
}

}  // namespace

void append_lsp_diagnostic(std::string& out, const findings::Diagnostic& diagnostic,
                           std::string_view text, const protocol::LineIndex& lines,
                           protocol::PositionEncoding encoding,
                           const std::vector<RelatedLocation>* related, std::string_view uri) {
  out += R"({"range":)";
  append_range(out, text, lines, encoding, diagnostic.start_byte, diagnostic.end_byte);
  out += R"(,"severity":)";
  transport::append_json_integer(out, lsp_severity(diagnostic.severity));
  out += R"(,"code":)";
  transport::append_json_string(out, diagnostic.rule);
  out += R"(,"codeDescription":{"href":)";
  transport::append_json_string(out, rule_docs_url(diagnostic.rule));
  out += R"(},"source":"whalesafe","message":)";
  // A relayed tool's own code (ShellCheck's SC2086) leads the message; `code` stays the slug.
  if (!diagnostic.code.empty() && diagnostic.message.find(diagnostic.code) == std::string::npos) {
    transport::append_json_string(out, diagnostic.code + ": " + diagnostic.message);
  } else {
    transport::append_json_string(out, diagnostic.message);
  }
  if (const int tag = diagnostic_tag(diagnostic.rule); tag != 0) {
    out += R"(,"tags":[)";
    transport::append_json_integer(out, tag);
    out += ']';
  }
  if (related && !related->empty()) {
    out += R"(,"relatedInformation":[)";
    bool first = true;
    for (const RelatedLocation& r : *related) {
      if (!first) out += ',';
      first = false;
      out += R"({"location":{"uri":)";
      transport::append_json_string(out, uri);
      out += R"(,"range":)";
      append_range(out, text, lines, encoding, r.start_byte, r.end_byte);
      out += R"(},"message":)";
      transport::append_json_string(out, r.message);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

std::string lsp_diagnostics_json(const std::vector<findings::Diagnostic>& diagnostics,
                                 std::string_view text, const protocol::LineIndex& lines,
                                 protocol::PositionEncoding encoding,
                                 const std::vector<std::vector<RelatedLocation>>* related,
                                 std::string_view uri) {
  std::string out;
  out.reserve(diagnostics.size() * 256 + 2);
  out += '[';
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (i != 0) out += ',';
    const bool has = related && i < related->size();
    append_lsp_diagnostic(out, diagnostics[i], text, lines, encoding,
                          has ? &(*related)[i] : nullptr, uri);
  }
  out += ']';
  return out;
}

nlohmann::json to_lsp(const findings::Diagnostic& diagnostic, std::string_view text,
                      const protocol::LineIndex& lines, protocol::PositionEncoding encoding,
                      const std::vector<RelatedLocation>* related, std::string_view uri) {
  std::string out;
  append_lsp_diagnostic(out, diagnostic, text, lines, encoding, related, uri);
  return nlohmann::json::parse(out);
}

}  // namespace whalesafe::lsp::features
