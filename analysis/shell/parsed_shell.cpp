#include "shell/parsed_shell.h"

#include <stdexcept>

#include "shell/script_builder.h"
#include "tree_sitter_bash.h"

namespace whalesafe::shell {
namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

}  // namespace

ParsedShell::ParsedShell(std::string text) : text_(std::move(text)) {
  // A parser per parse: parsers are not thread-safe and creating one is cheap next to a parse.
  const std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), tree_sitter_bash())) {
    throw std::runtime_error("tree-sitter-bash: language version not supported by the runtime");
  }
  const std::unique_ptr<TSTree, TreeDeleter> tree(ts_parser_parse_string(
      parser.get(), nullptr, text_.data(), static_cast<uint32_t>(text_.size())));
  if (!tree) throw std::runtime_error("tree-sitter-bash: parse failed");
  script_ = build_script(ts_tree_root_node(tree.get()), text_);
}

}  // namespace whalesafe::shell
