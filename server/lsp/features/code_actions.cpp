#include "lsp/features/code_actions.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "lsp/features/code_action_planner.h"
#include "lsp/features/lsp_diagnostics.h"
#include "lsp/protocol/line_index.h"
#include "lsp/protocol/types.h"

namespace whalesafe::lsp::features {
namespace {

using protocol::at_path;
using protocol::InvalidParams;

constexpr std::string_view kQuickFix = "quickfix";
constexpr std::string_view kFixAll = "source.fixAll.whalesafe";
constexpr std::string_view kRewritePrefix = "refactor.rewrite.whalesafe.";

std::string kind_name(ActionKind kind, std::optional<rewrites::RewriteKind> rewrite) {
  switch (kind) {
    case ActionKind::kQuickFix:
    case ActionKind::kIgnore:
      return std::string(kQuickFix);
    case ActionKind::kFixAll:
      return std::string(kFixAll);
    case ActionKind::kRewrite:
      return std::string(kRewritePrefix) + std::string(rewrites::rewrite_id(*rewrite));
  }
  return "";
}

// What the client can do with code actions, from its capabilities.
struct ClientSupport {
  bool resolve_edit = false;      // codeAction/resolve may fill in `edit`
  bool disabled = false;          // shows `disabled` actions with their reason
  bool document_changes = false;  // WorkspaceEdit.documentChanges (versioned)
};

ClientSupport client_support(const json& capabilities) {
  ClientSupport support;
  const json& properties =
      at_path(capabilities, {"textDocument", "codeAction", "resolveSupport", "properties"});
  if (properties.is_array()) {
    support.resolve_edit =
        std::find(properties.begin(), properties.end(), "edit") != properties.end();
  }
  support.disabled =
      at_path(capabilities, {"textDocument", "codeAction", "disabledSupport"}) == true;
  support.document_changes =
      at_path(capabilities, {"workspace", "workspaceEdit", "documentChanges"}) == true;
  return support;
}

std::vector<std::string> parse_only(const json& params) {
  std::vector<std::string> only;
  const json& value = at_path(params, {"context", "only"});
  if (value.is_null()) return only;
  if (value.is_string()) {  // Neovim 0.7 sends one kind as a string
    only.push_back(value.get<std::string>());
    return only;
  }
  if (!value.is_array()) throw InvalidParams("params.context.only: expected an array");
  for (const json& kind : value) {
    if (!kind.is_string()) throw InvalidParams("params.context.only: expected strings");
    only.push_back(kind.get<std::string>());
  }
  return only;
}

// A WorkspaceEdit of `edits` (byte offsets into the snapshot's text) for the snapshot's document.
json workspace_edit(const DocumentService::Snapshot& snapshot,
                    std::vector<findings::TextEdit> edits, bool document_changes) {
  const std::string& text = snapshot.analyzer.text();
  const protocol::LineIndex lines(text);
  std::sort(edits.begin(), edits.end(),
            [](const findings::TextEdit& a, const findings::TextEdit& b) {
              return a.start_byte < b.start_byte;
            });
  json text_edits = json::array();
  for (const findings::TextEdit& e : edits) {
    const protocol::Range range{lines.position(text, e.start_byte, snapshot.encoding),
                                lines.position(text, e.end_byte, snapshot.encoding)};
    text_edits.push_back(json{{"range", protocol::to_json(range)}, {"newText", e.new_text}});
  }
  if (document_changes) {
    return json{
        {"documentChanges",
         json::array({json{{"textDocument", {{"uri", snapshot.uri}, {"version", snapshot.version}}},
                           {"edits", std::move(text_edits)}}})}};
  }
  return json{{"changes", {{snapshot.uri, std::move(text_edits)}}}};
}

json to_lsp_action(const DocumentService::Snapshot& snapshot, PlannedAction& action,
                   const ClientSupport& support) {
  const std::string kind = kind_name(action.kind, action.rewrite);
  json result = {{"title", action.title}, {"kind", kind}};
  if (!action.diagnostics.empty()) {
    const std::string& text = snapshot.analyzer.text();
    const protocol::LineIndex lines(text);
    json diagnostics = json::array();
    for (const std::size_t i : action.diagnostics) {
      diagnostics.push_back(to_lsp(snapshot.diagnostics[i], text, lines, snapshot.encoding));
    }
    result["diagnostics"] = std::move(diagnostics);
  }
  if (action.kind == ActionKind::kQuickFix) result["isPreferred"] = action.preferred;
  if (!action.unavailable.empty()) {
    result["disabled"] = {{"reason", action.unavailable}};
  } else if (action.edits) {
    result["edit"] = workspace_edit(snapshot, std::move(*action.edits), support.document_changes);
  } else {
    // Resolved later: what resolve needs to make the same plan again.
    result["data"] = {{"uri", snapshot.uri},
                      {"version", snapshot.version},
                      {"kind", kind},
                      {"offset", action.offset}};
  }
  return result;
}

}  // namespace

std::vector<std::string> code_action_kinds() {
  std::vector<std::string> kinds = {std::string(kQuickFix), std::string(kFixAll)};
  for (const rewrites::RewriteKind kind : rewrites::kAllRewrites) {
    kinds.push_back(kind_name(ActionKind::kRewrite, kind));
  }
  return kinds;
}

bool kind_matches(std::string_view kind, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  return std::any_of(only.begin(), only.end(), [kind](const std::string& o) {
    return kind == o || (kind.size() > o.size() && kind.starts_with(o) && kind[o.size()] == '.');
  });
}

CodeActionService::CodeActionService(protocol::Server& server, DocumentService& documents)
    : server_(server), documents_(documents) {
  server.add_capabilities([](const json&, json& capabilities) {
    capabilities["codeActionProvider"] = {{"codeActionKinds", code_action_kinds()},
                                          {"resolveProvider", true}};
  });
  server.on_request("textDocument/codeAction",
                    [this](json& p, const protocol::Responder& r) { code_action(p, r); });
  server.on_request("codeAction/resolve",
                    [this](json& p, const protocol::Responder& r) { resolve(p, r); });
}

void CodeActionService::code_action(json& params, const protocol::Responder& responder) {
  const std::string uri = protocol::parse_text_document_uri(params);
  const protocol::Range range =
      protocol::parse_range(protocol::member(params, "range", "params"), "params.range");
  std::vector<std::string> only = parse_only(params);
  const ClientSupport support = client_support(server_.client_capabilities());
  // Rewrites that do not apply are listed (greyed out, with the reason) only when the user
  // asked for refactorings explicitly, as editors do for disabled actions.
  const bool explain = support.disabled && std::any_of(only.begin(), only.end(), [](auto& o) {
                         return std::string_view(o).starts_with("refactor");
                       });
  documents_.query(uri, std::nullopt, responder,
                   [kinds = std::move(only), range, support,
                    explain](const DocumentService::Snapshot& snapshot) {
                     const std::string& text = snapshot.analyzer.text();
                     const protocol::LineIndex lines(text);
                     uint32_t start = lines.offset(text, range.start, snapshot.encoding);
                     uint32_t end = lines.offset(text, range.end, snapshot.encoding);
                     if (end < start) std::swap(start, end);
                     PlanRequest request{
                         .start = start,
                         .end = end,
                         .wanted =
                             [&kinds](ActionKind kind, std::optional<rewrites::RewriteKind> rw) {
                               return kind_matches(kind_name(kind, rw), kinds);
                             },
                         .unsafe_quick_fixes = snapshot.analyzer.setup().unsafe_fixes,
                         .eager = !support.resolve_edit,
                         .explain_unavailable = explain,
                     };
                     const PlanInput input{snapshot.analyzer.document(),
                                           snapshot.analyzer.setup().selection,
                                           snapshot.analyzer.settings(), snapshot.diagnostics};
                     json actions = json::array();
                     for (PlannedAction& action : plan_code_actions(input, request)) {
                       actions.push_back(to_lsp_action(snapshot, action, support));
                     }
                     return actions;
                   });
}

void CodeActionService::resolve(json& params, const protocol::Responder& responder) {
  if (!params.is_object()) throw InvalidParams("params: expected a CodeAction");
  if (params.contains("edit")) {  // nothing left to compute
    responder.result(params);
    return;
  }
  const json& data = protocol::member(params, "data", "params");
  const std::string uri = protocol::string_member(data, "uri", "params.data");
  const int64_t version = protocol::integer_member(data, "version", "params.data");
  const std::string kind = protocol::string_member(data, "kind", "params.data");
  const int64_t offset = protocol::integer_member(data, "offset", "params.data");
  std::optional<rewrites::RewriteKind> rewrite;
  if (kind.starts_with(kRewritePrefix)) {
    rewrite = rewrites::parse_rewrite_id(std::string_view(kind).substr(kRewritePrefix.size()));
    if (!rewrite) throw InvalidParams("params.data.kind: unknown rewrite '" + kind + "'");
  } else if (kind != kFixAll) {
    throw InvalidParams("params.data.kind: not an action that resolves: '" + kind + "'");
  }
  if (offset < 0 || offset > UINT32_MAX) throw InvalidParams("params.data.offset: out of range");
  const bool document_changes = client_support(server_.client_capabilities()).document_changes;
  documents_.query(
      uri, version, responder,
      [action = params, rewrite, at = static_cast<uint32_t>(offset),
       document_changes](const DocumentService::Snapshot& snapshot) mutable {
        const PlanInput input{snapshot.analyzer.document(), snapshot.analyzer.setup().selection,
                              snapshot.analyzer.settings(), snapshot.diagnostics};
        ResolvedEdits resolved =
            rewrite ? resolve_rewrite(input, *rewrite, at) : resolve_fix_all(input);
        if (!resolved.error.empty()) throw protocol::RequestFailed(resolved.error);
        action["edit"] = workspace_edit(snapshot, std::move(resolved.edits), document_changes);
        return action;
      });
}

}  // namespace whalesafe::lsp::features
