// file:// URIs (RFC 8089 as LSP clients send them) to local paths and back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::lsp::protocol {

// The local path of a `file:` URI ("file:///a%20b/Dockerfile" -> "/a b/Dockerfile"); nullopt
// for other schemes (untitled:, vscode-notebook-cell:, ...) and malformed escapes.
std::optional<std::string> file_path_from_uri(std::string_view uri);

// The `file:` URI of an absolute path, percent-encoding what needs it.
std::string uri_from_file_path(std::string_view path);

}  // namespace whalesafe::lsp::protocol
