// JSON text written directly, for messages too large or too frequent to build as nlohmann::json
// values first (a long file's diagnostics, published after every keystroke: building and
// dumping the values cost more than the analysis that found them). What these functions write
// parses to the same values encode() would have written: strings are UTF-8 with each invalid
// sequence replaced by U+FFFD, as encode() replaces them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lsp/transport/jsonrpc.h"

namespace whalesafe::lsp::transport {

// Appends `text` as a JSON string literal (quoted and escaped).
void append_json_string(std::string& out, std::string_view text);

void append_json_integer(std::string& out, int64_t value);

// A whole notification or result body around `params_json` / `result_json`, which must be
// one JSON value (an object, an array, ...) as text.
std::string encode_notification(std::string_view method, std::string_view params_json);
std::string encode_result(const json& id, std::string_view result_json);

}  // namespace whalesafe::lsp::transport
