// Parsing shell text with tree-sitter-bash.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string>
#include <string_view>

#include "shell/script.h"

namespace whalesafe::shell {

// One parse of one shell text: immutable once built, shared by the parse cache.
class ParsedShell {
 public:
  // Parses `text` (tree-sitter-bash) and builds its Script (Dockerfile ranges left empty).
  explicit ParsedShell(std::string text);

  const std::string& text() const { return text_; }
  const Script& script() const { return script_; }

 private:
  // The tree-sitter tree is not kept: everything the analysis reads is in the Script, and a
  // language server keeps a parse for every RUN of every open document.
  std::string text_;
  Script script_;
};

}  // namespace whalesafe::shell
