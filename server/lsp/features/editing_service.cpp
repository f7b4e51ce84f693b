#include "lsp/features/editing_service.h"

#include <algorithm>

#include "editing/completion.h"
#include "editing/formatting.h"
#include "editing/highlights.h"
#include "editing/hover.h"
#include "editing/occurrences.h"
#include "editing/outline.h"
#include "lsp/features/lsp_semantic_tokens.h"
#include "lsp/protocol/types.h"

namespace whalesafe::lsp::features {
namespace {

using protocol::InvalidParams;
using Snapshot = DocumentService::Snapshot;

// LSP enumerations used here.
enum CompletionItemKind {
  kValue = 12,
  kKeyword = 14,
  kSnippet = 15,
  kVariable = 6,
  kModule = 9,
  kProperty = 10,
  kReference = 18,
  kEnumMember = 20
};
enum SymbolKind { kSymbolModule = 2, kSymbolFunction = 12, kSymbolVariable = 13 };
constexpr int kInsertTextFormatSnippet = 2;
constexpr int kHighlightRead = 2;
constexpr int kHighlightWrite = 3;

// `object.a.b...` when every step is an object member, else null.
const json* path(const json& object, std::initializer_list<const char*> names) {
  const json* at = &object;
  for (const char* name : names) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(name);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

bool flag(const json& object, std::initializer_list<const char*> names) {
  const json* value = path(object, names);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

uint32_t offset_at(const Snapshot& doc, const protocol::Position& position) {
  return doc.analyzer.lines().offset(doc.analyzer.text(), position, doc.encoding);
}

uint32_t cursor(const json& params, const Snapshot& doc) {
  return offset_at(doc, protocol::parse_position(protocol::member(params, "position", "params"),
                                                 "params.position"));
}

protocol::Position position_of(const Snapshot& doc, uint32_t byte) {
  return doc.analyzer.lines().position(doc.analyzer.text(), byte, doc.encoding);
}

json range_json(const Snapshot& doc, model::ByteRange range) {
  return protocol::to_json(
      protocol::Range{position_of(doc, range.start_byte), position_of(doc, range.end_byte)});
}

model::ByteRange byte_range(const Snapshot& doc, const json& value, const std::string& where) {
  const protocol::Range range = protocol::parse_range(value, where);
  uint32_t start = offset_at(doc, range.start);
  uint32_t end = offset_at(doc, range.end);
  if (end < start) std::swap(start, end);
  return {start, end};
}

int completion_kind(editing::Completion::Kind kind) {
  using K = editing::Completion::Kind;
  switch (kind) {
    case K::kKeyword:
      return kKeyword;
    case K::kFlag:
    case K::kMountKey:
      return kProperty;
    case K::kValue:
      return kValue;
    case K::kStage:
      return kReference;
    case K::kVariable:
      return kVariable;
    case K::kImage:
      return kModule;
    case K::kTag:
      return kEnumMember;
  }
  return kValue;
}

int symbol_kind(editing::OutlineSymbol::Kind kind) {
  switch (kind) {
    case editing::OutlineSymbol::Kind::kStage:
      return kSymbolModule;
    case editing::OutlineSymbol::Kind::kInstruction:
      return kSymbolFunction;
    case editing::OutlineSymbol::Kind::kVariable:
      return kSymbolVariable;
  }
  return kSymbolFunction;
}

json document_symbol(const Snapshot& doc, const editing::OutlineSymbol& symbol) {
  json out = {{"name", symbol.name.empty() ? std::string("?") : symbol.name},
              {"kind", symbol_kind(symbol.kind)},
              {"range", range_json(doc, symbol.range)},
              {"selectionRange", range_json(doc, symbol.selection_range)}};
  if (!symbol.detail.empty()) out["detail"] = symbol.detail;
  if (!symbol.children.empty()) {
    json children = json::array();
    for (const editing::OutlineSymbol& child : symbol.children) {
      children.push_back(document_symbol(doc, child));
    }
    out["children"] = std::move(children);
  }
  return out;
}

void symbol_information(const Snapshot& doc, const editing::OutlineSymbol& symbol,
                        const std::string& container, json& out) {
  json item = {{"name", symbol.name.empty() ? std::string("?") : symbol.name},
               {"kind", symbol_kind(symbol.kind)},
               {"location", {{"uri", doc.uri}, {"range", range_json(doc, symbol.range)}}}};
  if (!container.empty()) item["containerName"] = container;
  out.push_back(std::move(item));
  for (const editing::OutlineSymbol& child : symbol.children) {
    symbol_information(doc, child, symbol.name, out);
  }
}

json text_edits(const Snapshot& doc, const std::vector<findings::TextEdit>& edits) {
  json out = json::array();
  for (const findings::TextEdit& e : edits) {
    out.push_back(
        {{"range", range_json(doc, {e.start_byte, e.end_byte})}, {"newText", e.new_text}});
  }
  return out;
}

}  // namespace

EditingService::EditingService(protocol::Server& server, DocumentService& documents)
    : server_(server), documents_(documents) {
  server.add_capabilities([this](const json& client, json& capabilities) {
    client_.snippets =
        flag(client, {"textDocument", "completion", "completionItem", "snippetSupport"});
    client_.hierarchical_symbols =
        flag(client, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
    client_.document_changes = flag(client, {"workspace", "workspaceEdit", "documentChanges"});
    if (const json* formats = path(client, {"textDocument", "hover", "contentFormat"});
        formats != nullptr && formats->is_array()) {
      client_.markdown_hover = std::any_of(formats->begin(), formats->end(), [](const json& f) {
        return f.is_string() && f.get<std::string>() == "markdown";
      });
    }
    const bool prepare = flag(client, {"textDocument", "rename", "prepareSupport"});
    json token_types = json::array();
    for (const std::string_view type : semantic_token_types()) token_types.push_back(type);
    capabilities["hoverProvider"] = true;
    capabilities["completionProvider"] = {{"triggerCharacters", {"$", "{", "-", "=", ":", ","}},
                                          {"resolveProvider", false}};
    capabilities["documentSymbolProvider"] = true;
    capabilities["foldingRangeProvider"] = true;
    capabilities["definitionProvider"] = true;
    capabilities["referencesProvider"] = true;
    capabilities["documentHighlightProvider"] = true;
    capabilities["renameProvider"] = prepare ? json{{"prepareProvider", true}} : json(true);
    capabilities["semanticTokensProvider"] = {
        {"legend", {{"tokenTypes", token_types}, {"tokenModifiers", json::array()}}},
        {"full", true},
        {"range", true}};
    capabilities["documentFormattingProvider"] = true;
    capabilities["documentRangeFormattingProvider"] = true;
  });
  on("textDocument/hover", &EditingService::hover);
  on("textDocument/completion", &EditingService::completion);
  on("textDocument/documentSymbol", &EditingService::document_symbols);
  on("textDocument/foldingRange", &EditingService::folding_ranges);
  on("textDocument/definition", &EditingService::definition);
  on("textDocument/references", &EditingService::references);
  on("textDocument/documentHighlight", &EditingService::document_highlight);
  on("textDocument/prepareRename", &EditingService::prepare_rename);
  on("textDocument/rename", &EditingService::rename);
  on("textDocument/semanticTokens/full", &EditingService::semantic_tokens_full);
  on("textDocument/semanticTokens/range", &EditingService::semantic_tokens_range);
  on("textDocument/formatting", &EditingService::formatting);
  on("textDocument/rangeFormatting", &EditingService::range_formatting);
}

void EditingService::on(const char* method,
                        json (EditingService::*handler)(const json& params, const Snapshot& doc)) {
  server_.on_request(method, [this, handler](json& params, const protocol::Responder& responder) {
    const std::string uri = protocol::parse_text_document_uri(params);
    documents_.query(uri, responder, [this, handler, params](const Snapshot& doc) {
      return (this->*handler)(params, doc);
    });
  });
}

json EditingService::hover(const json& params, const Snapshot& doc) {
  const uint32_t byte = cursor(params, doc);
  const auto result = editing::hover(doc.analyzer.document(), doc.analyzer.model(), doc.diagnostics,
                                     byte, doc.analyzer.eol_date());
  if (!result) return nullptr;
  return {
      {"contents",
       {{"kind", client_.markdown_hover ? "markdown" : "plaintext"}, {"value", result->markdown}}},
      {"range", range_json(doc, result->range)}};
}

json EditingService::completion(const json& params, const Snapshot& doc) {
  const uint32_t byte = cursor(params, doc);
  json items = json::array();
  for (const editing::Completion& c :
       editing::complete(doc.analyzer.document(), doc.analyzer.model(), byte)) {
    const bool snippet = client_.snippets && !c.snippet.empty() && c.snippet != c.insert_text;
    json item = {{"label", c.label},
                 {"kind", snippet && c.kind == editing::Completion::Kind::kKeyword
                              ? kSnippet
                              : completion_kind(c.kind)},
                 {"sortText", c.sort_text},
                 {"textEdit",
                  {{"range", range_json(doc, c.replace)},
                   {"newText", snippet ? c.snippet : c.insert_text}}}};
    if (snippet) item["insertTextFormat"] = kInsertTextFormatSnippet;
    if (!c.detail.empty()) item["detail"] = c.detail;
    if (!c.documentation.empty()) {
      item["documentation"] = {{"kind", "markdown"}, {"value", c.documentation}};
    }
    items.push_back(std::move(item));
  }
  return {{"isIncomplete", false}, {"items", std::move(items)}};
}

json EditingService::document_symbols(const json&, const Snapshot& doc) {
  const std::vector<editing::OutlineSymbol> symbols =
      editing::outline(doc.analyzer.document(), doc.analyzer.model());
  json out = json::array();
  for (const editing::OutlineSymbol& symbol : symbols) {
    if (client_.hierarchical_symbols) {
      out.push_back(document_symbol(doc, symbol));
    } else {
      symbol_information(doc, symbol, "", out);
    }
  }
  return out;
}

json EditingService::folding_ranges(const json&, const Snapshot& doc) {
  json out = json::array();
  for (const editing::FoldingRange& r :
       editing::folding_ranges(doc.analyzer.document(), doc.analyzer.model())) {
    out.push_back(
        {{"startLine", r.start_row},
         {"endLine", r.end_row},
         {"kind", r.kind == editing::FoldingRange::Kind::kComment ? "comment" : "region"}});
  }
  return out;
}

json EditingService::definition(const json& params, const Snapshot& doc) {
  const uint32_t byte = cursor(params, doc);
  const auto symbol = editing::symbol_at(doc.analyzer.document(), doc.analyzer.model(), byte);
  if (!symbol) return nullptr;
  json out = json::array();
  for (const model::ByteRange& r :
       editing::definitions(doc.analyzer.document(), doc.analyzer.model(), *symbol)) {
    out.push_back({{"uri", doc.uri}, {"range", range_json(doc, r)}});
  }
  return out;
}

json EditingService::references(const json& params, const Snapshot& doc) {
  const uint32_t byte = cursor(params, doc);
  bool include_declaration = true;
  if (const json* value = path(params, {"context", "includeDeclaration"}); value != nullptr) {
    if (!value->is_boolean()) {
      throw InvalidParams("params.context.includeDeclaration: expected a boolean");
    }
    include_declaration = value->get<bool>();
  }
  const auto symbol = editing::symbol_at(doc.analyzer.document(), doc.analyzer.model(), byte);
  if (!symbol) return nullptr;
  json out = json::array();
  for (const editing::Occurrence& o :
       editing::occurrences(doc.analyzer.document(), doc.analyzer.model(), *symbol)) {
    if (o.definition && !include_declaration) continue;
    out.push_back({{"uri", doc.uri}, {"range", range_json(doc, o.range)}});
  }
  return out;
}

json EditingService::document_highlight(const json& params, const Snapshot& doc) {
  const uint32_t byte = cursor(params, doc);
  const auto symbol = editing::symbol_at(doc.analyzer.document(), doc.analyzer.model(), byte);
  if (!symbol) return nullptr;
  json out = json::array();
  for (const editing::Occurrence& o :
       editing::occurrences(doc.analyzer.document(), doc.analyzer.model(), *symbol)) {
    out.push_back({{"range", range_json(doc, o.range)},
                   {"kind", o.definition ? kHighlightWrite : kHighlightRead}});
  }
  return out;
}

namespace {

// The symbol at the cursor if it may be renamed: a stage with a name, or a variable the
// Dockerfile declares (BuildKit's predefined platform arguments cannot be renamed).
std::optional<editing::SymbolAt> renamable(const Snapshot& doc, uint32_t byte) {
  auto symbol = editing::symbol_at(doc.analyzer.document(), doc.analyzer.model(), byte);
  if (!symbol) return std::nullopt;
  const std::vector<editing::Occurrence> all =
      editing::occurrences(doc.analyzer.document(), doc.analyzer.model(), *symbol);
  if (std::none_of(all.begin(), all.end(), [](const auto& o) { return o.definition; })) {
    return std::nullopt;
  }
  return symbol;
}

}  // namespace

json EditingService::prepare_rename(const json& params, const Snapshot& doc) {
  const auto symbol = renamable(doc, cursor(params, doc));
  if (!symbol) return nullptr;
  const std::string_view text = doc.analyzer.text();
  return {
      {"range", range_json(doc, symbol->range)},
      {"placeholder", std::string(text.substr(symbol->range.start_byte,
                                              symbol->range.end_byte - symbol->range.start_byte))}};
}

json EditingService::rename(const json& params, const Snapshot& doc) {
  const std::string new_name = protocol::string_member(params, "newName", "params");
  const auto symbol = renamable(doc, cursor(params, doc));
  if (!symbol) throw protocol::RequestFailed("there is no stage name or declared variable to rename here");
  if (const auto error = editing::rename_error(doc.analyzer.model(), *symbol, new_name)) {
    throw protocol::RequestFailed(*error);
  }
  std::vector<findings::TextEdit> edits;
  for (const editing::Occurrence& o :
       editing::occurrences(doc.analyzer.document(), doc.analyzer.model(), *symbol)) {
    edits.push_back({o.range.start_byte, o.range.end_byte, new_name});
  }
  if (client_.document_changes) {
    json change = json::object();
    change["textDocument"] = {{"uri", doc.uri}, {"version", doc.version}};
    change["edits"] = text_edits(doc, edits);
    json changes = json::array();
    changes.push_back(std::move(change));
    return {{"documentChanges", std::move(changes)}};
  }
  return {{"changes", {{doc.uri, text_edits(doc, edits)}}}};
}

json EditingService::semantic_tokens_full(const json&, const Snapshot& doc) {
  const std::string& text = doc.analyzer.text();
  const std::vector<editing::Highlight> spans =
      editing::highlights(doc.analyzer.document(), 0, static_cast<uint32_t>(text.size()));
  return {{"data", encode_semantic_tokens(spans, text, doc.analyzer.lines(), doc.encoding)}};
}

json EditingService::semantic_tokens_range(const json& params, const Snapshot& doc) {
  const model::ByteRange range =
      byte_range(doc, protocol::member(params, "range", "params"), "params.range");
  const std::vector<editing::Highlight> spans =
      editing::highlights(doc.analyzer.document(), range.start_byte, range.end_byte);
  return {{"data",
           encode_semantic_tokens(spans, doc.analyzer.text(), doc.analyzer.lines(), doc.encoding)}};
}

namespace {

editing::FormatOptions format_options(const json& params) {
  editing::FormatOptions options;
  const json& given = protocol::member(params, "options", "params");
  const int64_t tab_size = protocol::integer_member(given, "tabSize", "params.options");
  const json& spaces = protocol::member(given, "insertSpaces", "params.options");
  if (!spaces.is_boolean()) throw InvalidParams("params.options.insertSpaces: expected a boolean");
  if (tab_size < 1 || tab_size > 16)
    throw InvalidParams("params.options.tabSize: expected 1 to 16");
  options.indent = spaces.get<bool>() ? std::string(static_cast<std::size_t>(tab_size), ' ') : "\t";
  return options;
}

}  // namespace

json EditingService::formatting(const json& params, const Snapshot& doc) {
  const editing::FormatOptions options = format_options(params);
  return text_edits(doc, editing::format(doc.analyzer.document(), doc.analyzer.model(), options));
}

json EditingService::range_formatting(const json& params, const Snapshot& doc) {
  editing::FormatOptions options = format_options(params);
  options.range = byte_range(doc, protocol::member(params, "range", "params"), "params.range");
  return text_edits(doc, editing::format(doc.analyzer.document(), doc.analyzer.model(), options));
}

}  // namespace whalesafe::lsp::features
