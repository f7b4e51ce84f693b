// Semantic tokens from the grammar's highlight query (analysis/editing/highlights.h): the legend
// the server announces and the LSP encoding of highlight spans (relative lines and starts,
// lengths in the negotiated encoding, one token per line of a span that crosses lines).
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "editing/highlights.h"
#include "lsp/protocol/line_index.h"

namespace whalesafe::lsp::features {

// The legend's token types, in index order.
std::span<const std::string_view> semantic_token_types();

// The `data` array of SemanticTokens for `spans` of `text`.
nlohmann::json encode_semantic_tokens(std::span<const editing::Highlight> spans,
                                      std::string_view text, const protocol::LineIndex& lines,
                                      protocol::PositionEncoding encoding);

}  // namespace whalesafe::lsp::features
