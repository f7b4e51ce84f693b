// Code actions over LSP: textDocument/codeAction and codeAction/resolve. Maps the request's
// range and `context.only` to a plan (code_action_planner.h, in byte offsets) and the plan to
// CodeAction objects: quick fixes with their edits, fix-all and the rewrites with `data`
// (uri, version, kind, offset) so that their edits are computed only when the user picks one
// (codeAction/resolve), and WorkspaceEdits with versioned `documentChanges` when the client
// supports them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lsp/features/document_service.h"
#include "lsp/protocol/server.h"

namespace whalesafe::lsp::features {

// The code action kinds the server offers (the `codeActionKinds` capability).
std::vector<std::string> code_action_kinds();

// True when an action of `kind` passes the client's `only` filter: equal to an entry, or below
// it in the dot hierarchy ("source.fixAll.whalesafe" is below "source" and "source.fixAll").
bool kind_matches(std::string_view kind, const std::vector<std::string>& only);

class CodeActionService {
 public:
  // Registers the handlers and the capability; both arguments must outlive this object.
  CodeActionService(protocol::Server& server, DocumentService& documents);

 private:
  void code_action(json& params, const protocol::Responder& responder);
  void resolve(json& params, const protocol::Responder& responder);

  protocol::Server& server_;
  DocumentService& documents_;
};

}  // namespace whalesafe::lsp::features
