// The places that explain a finding, for LSP's Diagnostic.relatedInformation, found in the
// semantic model (analysis/model) rather than reported by each rule: for a `$NAME` inside the
// finding's range, the ARG or ENV that declared NAME; for a finding on an instruction that takes
// files from a stage (`COPY --from=build`, `RUN --mount=from=build`), where that stage starts.
// Byte offsets; LSP-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::lsp::features {

struct RelatedLocation {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  std::string message;
  friend bool operator==(const RelatedLocation&, const RelatedLocation&) = default;
};

// Parallel to `diagnostics`. `model` is the document's (the analyzer has built it for the
// rules already); only findings that could have related places (a `$` inside them, or
// `--from` / `from=` on their line) look it up.
std::vector<std::vector<RelatedLocation>> related_locations(
    const syntax::Document& document, const model::Model& model,
    const std::vector<findings::Diagnostic>& diagnostics);

}  // namespace whalesafe::lsp::features
