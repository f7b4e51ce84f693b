// Sanity test of the tree-sitter-bash grammar compiled as ts_bash.
#include <tree_sitter/api.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tree_sitter_bash.h"

namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

TreePtr parse_bash(std::string_view source) {
  ParserPtr parser(ts_parser_new());
  REQUIRE(ts_parser_set_language(parser.get(), tree_sitter_bash()));
  return TreePtr(ts_parser_parse_string(parser.get(), nullptr, source.data(),
                                        static_cast<uint32_t>(source.size())));
}

std::string node_text(TSNode node, std::string_view source) {
  const uint32_t start = ts_node_start_byte(node);
  const uint32_t end = ts_node_end_byte(node);
  return std::string(source.substr(start, end - start));
}

// Collects every named node of the given type, in document order.
void collect(TSNode node, std::string_view type, std::vector<TSNode>& out) {
  if (type == ts_node_type(node)) out.push_back(node);
  const uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) collect(ts_node_named_child(node, i), type, out);
}

}  // namespace

TEST_CASE("tree-sitter-bash has an ABI the runtime accepts", "[bash]") {
  const uint32_t abi = ts_language_version(tree_sitter_bash());
  CHECK(abi >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION);
  CHECK(abi <= TREE_SITTER_LANGUAGE_VERSION);
}

TEST_CASE("tree-sitter-bash parses an apt-get && rm command list", "[bash]") {
  constexpr std::string_view source = "apt-get install -y curl && rm -rf /var/lib/apt/lists/*";
  TreePtr tree = parse_bash(source);
  REQUIRE(tree != nullptr);
  const TSNode root = ts_tree_root_node(tree.get());

  CHECK(std::string_view(ts_node_type(root)) == "program");
  CHECK_FALSE(ts_node_has_error(root));
  CHECK(ts_node_end_byte(root) == source.size());

  // program > list > (command "&&" command)
  REQUIRE(ts_node_named_child_count(root) == 1);
  const TSNode list = ts_node_named_child(root, 0);
  CHECK(std::string_view(ts_node_type(list)) == "list");

  std::vector<TSNode> commands;
  collect(root, "command", commands);
  REQUIRE(commands.size() == 2);
  CHECK(node_text(commands[0], source) == "apt-get install -y curl");
  CHECK(node_text(commands[1], source) == "rm -rf /var/lib/apt/lists/*");

  const TSNode first_name = ts_node_child_by_field_name(commands[0], "name", 4);
  const TSNode second_name = ts_node_child_by_field_name(commands[1], "name", 4);
  REQUIRE_FALSE(ts_node_is_null(first_name));
  REQUIRE_FALSE(ts_node_is_null(second_name));
  CHECK(node_text(first_name, source) == "apt-get");
  CHECK(node_text(second_name, source) == "rm");

  // `apt-get install -y curl`: name + three word arguments.
  std::vector<std::string> arguments;
  const uint32_t count = ts_node_named_child_count(commands[0]);
  for (uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_named_child(commands[0], i);
    if (std::string_view(ts_node_type(child)) != "command_name") {
      arguments.push_back(node_text(child, source));
    }
  }
  CHECK(arguments == std::vector<std::string>{"install", "-y", "curl"});
}

TEST_CASE("tree-sitter-bash flags broken syntax", "[bash]") {
  TreePtr tree = parse_bash("if then fi &&");
  REQUIRE(tree != nullptr);
  CHECK(ts_node_has_error(ts_tree_root_node(tree.get())));
}
