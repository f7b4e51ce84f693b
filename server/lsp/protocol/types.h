// LSP structures the server reads from params, checked for shape: a missing member or one of
// the wrong type throws InvalidParams, which the dispatcher answers with error -32602.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lsp/protocol/line_index.h"

namespace whalesafe::lsp::protocol {

using nlohmann::json;

class InvalidParams : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request that is well formed but cannot be carried out (LSP's RequestFailed, -32803), with
// the reason for the user.
class RequestFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Range {
  Position start;
  Position end;
};

struct TextDocumentItem {
  std::string uri;
  std::string language_id;
  int64_t version = 0;
  std::string text;
};

struct ContentChange {
  std::optional<Range> range;  // absent: the whole text is replaced
  std::string text;
};

struct DidChangeParams {
  std::string uri;
  int64_t version = 0;
  std::vector<ContentChange> changes;
};

// Accessors that throw InvalidParams naming the member (`where` is its path, for the message).
const json& member(const json& object, const char* name, const std::string& where);
std::string string_member(const json& object, const char* name, const std::string& where);
int64_t integer_member(const json& object, const char* name, const std::string& where);

// The value at `path` of nested objects (client capabilities, settings), or null when any step
// is missing or not an object: `at_path(caps, {"workspace", "configuration"})`.
const json& at_path(const json& value, std::initializer_list<const char*> path);

Position parse_position(const json& value, const std::string& where);
Range parse_range(const json& value, const std::string& where);
std::string parse_text_document_uri(const json& params);  // params.textDocument.uri
TextDocumentItem parse_did_open(const json& params);
DidChangeParams parse_did_change(json& params);  // moves the change texts out of params

json to_json(Position position);
json to_json(const Range& range);

}  // namespace whalesafe::lsp::protocol
