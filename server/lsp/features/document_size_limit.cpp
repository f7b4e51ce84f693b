#include "lsp/features/document_size_limit.h"

#include <fmt/format.h>

#include "config/size_limit.h"

namespace whalesafe::lsp::features {

std::size_t max_document_bytes(const config::Config& config) {
  return config.max_file_bytes.value_or(config::kDefaultMaxFileBytes);
}

std::optional<findings::Diagnostic> document_too_large(std::size_t size, std::size_t limit) {
  if (size <= limit) return std::nullopt;
  findings::Diagnostic d;
  d.rule = "file-too-large";
  d.severity = findings::Severity::kError;
  d.message = fmt::format(
      "Document too large to analyse ({} bytes, limit {}); raise the limit with max-file-size "
      "in .whalesafe.yaml",
      size, config::format_byte_size(limit));
  return d;
}

}  // namespace whalesafe::lsp::features
