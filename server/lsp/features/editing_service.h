// EditingService: the language features that answer questions about one document: hover,
// completion, document symbols, folding ranges, definition / references / document highlight /
// prepareRename / rename (stage names, ARG and ENV variables), semantic tokens (full and range)
// and formatting (document and range). The Dockerfile knowledge is in analysis/editing/, which
// works on byte offsets; this layer reads LSP params, runs the computation on the analysis
// worker through DocumentService::query and maps the results to LSP types.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/features/document_service.h"
#include "lsp/protocol/server.h"

namespace whalesafe::lsp::features {

class EditingService {
 public:
  // Registers the handlers and capabilities on `server`; both arguments must outlive this.
  EditingService(protocol::Server& server, DocumentService& documents);

 private:
  // What the client said it supports (read at initialize).
  struct ClientSupport {
    bool snippets = false;
    bool markdown_hover = true;
    bool hierarchical_symbols = false;
    bool document_changes = false;
  };

  void on(const char* method,
          json (EditingService::*handler)(const json& params, const DocumentService::Snapshot& doc));

  json hover(const json& params, const DocumentService::Snapshot& doc);
  json completion(const json& params, const DocumentService::Snapshot& doc);
  json document_symbols(const json& params, const DocumentService::Snapshot& doc);
  json folding_ranges(const json& params, const DocumentService::Snapshot& doc);
  json definition(const json& params, const DocumentService::Snapshot& doc);
  json references(const json& params, const DocumentService::Snapshot& doc);
  json document_highlight(const json& params, const DocumentService::Snapshot& doc);
  json prepare_rename(const json& params, const DocumentService::Snapshot& doc);
  json rename(const json& params, const DocumentService::Snapshot& doc);
  json semantic_tokens_full(const json& params, const DocumentService::Snapshot& doc);
  json semantic_tokens_range(const json& params, const DocumentService::Snapshot& doc);
  json formatting(const json& params, const DocumentService::Snapshot& doc);
  json range_formatting(const json& params, const DocumentService::Snapshot& doc);

  protocol::Server& server_;
  DocumentService& documents_;
  ClientSupport client_;  // written at initialize (io thread), read by the worker afterwards
};

}  // namespace whalesafe::lsp::features
