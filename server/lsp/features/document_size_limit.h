// The size limit in the language server: a document over the limit of its configuration
// (`max-file-size` in .whalesafe.yaml, default 5 MiB, as for `whalesafe check`) is not parsed
// or analysed; its only diagnostic says so, so that the user sees why nothing else is reported.
#pragma once

#include <cstddef>
#include <optional>

#include "config/config.h"
#include "findings/diagnostic.h"

namespace whalesafe::lsp::features {

// The limit for documents under `config`.
std::size_t max_document_bytes(const config::Config& config);

// The diagnostic for a document of `size` bytes over `limit` (on its first byte), or nullopt
// when it is within the limit.
std::optional<findings::Diagnostic> document_too_large(std::size_t size, std::size_t limit);

}  // namespace whalesafe::lsp::features
