#include "lsp/protocol/types.h"

#include <limits>

namespace whalesafe::lsp::protocol {
namespace {

[[noreturn]] void invalid(const std::string& where, const char* what) {
  throw InvalidParams(where + ": " + what);
}

const json& object_at(const json& value, const std::string& where) {
  if (!value.is_object()) invalid(where, "expected an object");
  return value;
}

uint32_t uinteger(const json& object, const char* name, const std::string& where) {
  const json& value = member(object, name, where);
  if (!value.is_number_integer() ||
      (value.is_number_integer() && !value.is_number_unsigned() && value.get<int64_t>() < 0)) {
    invalid(where + "." + name, "expected a non-negative integer");
  }
  const uint64_t n = value.get<uint64_t>();
  // Beyond the range of a uinteger (2^31 - 1): clamped, like any other out-of-range position.
  return static_cast<uint32_t>(std::min<uint64_t>(n, std::numeric_limits<int32_t>::max()));
}

}  // namespace

const json& member(const json& object, const char* name, const std::string& where) {
  object_at(object, where);
  const auto it = object.find(name);
  if (it == object.end()) invalid(where, (std::string("missing '") + name + "'").c_str());
  return *it;
}

std::string string_member(const json& object, const char* name, const std::string& where) {
  const json& value = member(object, name, where);
  if (!value.is_string()) invalid(where + "." + name, "expected a string");
  return value.get<std::string>();
}

int64_t integer_member(const json& object, const char* name, const std::string& where) {
  const json& value = member(object, name, where);
  if (!value.is_number_integer()) invalid(where + "." + name, "expected an integer");
  return value.get<int64_t>();
}

const json& at_path(const json& value, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* at = &value;
  for (const char* key : path) {
    if (!at->is_object()) return kNull;
    const auto it = at->find(key);
    if (it == at->end()) return kNull;
    at = &*it;
  }
  return *at;
}

Position parse_position(const json& value, const std::string& where) {
  object_at(value, where);
  return Position{uinteger(value, "line", where), uinteger(value, "character", where)};
}

Range parse_range(const json& value, const std::string& where) {
  object_at(value, where);
  return Range{parse_position(member(value, "start", where), where + ".start"),
               parse_position(member(value, "end", where), where + ".end")};
}

std::string parse_text_document_uri(const json& params) {
  return string_member(member(params, "textDocument", "params"), "uri", "params.textDocument");
}

TextDocumentItem parse_did_open(const json& params) {
  const json& doc = member(params, "textDocument", "params");
  const std::string where = "params.textDocument";
  TextDocumentItem item;
  item.uri = string_member(doc, "uri", where);
  item.language_id = string_member(doc, "languageId", where);
  item.version = integer_member(doc, "version", where);
  item.text = string_member(doc, "text", where);
  return item;
}

DidChangeParams parse_did_change(json& params) {
  const json& doc = member(params, "textDocument", "params");
  DidChangeParams result;
  result.uri = string_member(doc, "uri", "params.textDocument");
  result.version = integer_member(doc, "version", "params.textDocument");
  json& changes = params["contentChanges"];
  if (!changes.is_array()) invalid("params.contentChanges", "expected an array");
  // Every change is checked before any is applied: a bad one rejects the whole notification.
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string where = "params.contentChanges[" + std::to_string(i) + "]";
    json& change = changes[i];
    object_at(change, where);
    ContentChange parsed;
    if (const auto range = change.find("range"); range != change.end()) {
      parsed.range = parse_range(*range, where + ".range");
    }
    json& text = change["text"];
    if (!text.is_string()) invalid(where + ".text", "expected a string");
    parsed.text = std::move(text.get_ref<std::string&>());
    result.changes.push_back(std::move(parsed));
  }
  return result;
}

json to_json(Position position) {
  return json{{"line", position.line}, {"character", position.character}};
}

json to_json(const Range& range) {
  return json{{"start", to_json(range.start)}, {"end", to_json(range.end)}};
}

}  // namespace whalesafe::lsp::protocol
