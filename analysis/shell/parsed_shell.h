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
  // tree-sitter trees must not be walked by two threads at once: this returns a cheap
  // private copy for the caller (free it with ts_tree_delete, e.g. via TreeDeleter).
  TSTree* copy_tree() const { return ts_tree_copy(tree_.get()); }

  struct TreeDeleter {
    void operator()(TSTree* t) const { ts_tree_delete(t); }
  };

 private:
  std::string text_;
  std::unique_ptr<TSTree, TreeDeleter> tree_;
  Script script_;
};

}  // namespace whalesafe::shell
