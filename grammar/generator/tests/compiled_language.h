// Test helper: a generated parser.c compiled with the system cc into a shared object, loaded,
// and used with the real tree-sitter runtime.
#pragma once

#include <dlfcn.h>
#include <tree_sitter/api.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace tsgen_test {

class CompiledLanguage {
 public:
  CompiledLanguage(const std::string& c_source, const std::string& name) {
    char pattern[] = "/tmp/tsgen-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    const std::string c_path = dir_ + "/parser.c";
    std::ofstream(c_path) << c_source;
    const std::string so_path = dir_ + "/parser.so";
    const std::string command =
        "cc -std=c11 -Wall -Wextra -Werror -O0 -shared -fPIC -o " + so_path + " " + c_path;
    REQUIRE(std::system(command.c_str()) == 0);
    handle_ = dlopen(so_path.c_str(), RTLD_NOW);
    REQUIRE(handle_ != nullptr);
    auto fn =
        reinterpret_cast<const TSLanguage* (*)()>(dlsym(handle_, ("tree_sitter_" + name).c_str()));
    REQUIRE(fn != nullptr);
    language_ = fn();
  }
  ~CompiledLanguage() {
    if (handle_) dlclose(handle_);
    std::filesystem::remove_all(dir_);
  }
  CompiledLanguage(const CompiledLanguage&) = delete;
  CompiledLanguage& operator=(const CompiledLanguage&) = delete;

  // The S-expression of the syntax tree of `text`.
  std::string parse(const std::string& text) const {
    TSParser* parser = ts_parser_new();
    REQUIRE(ts_parser_set_language(parser, language_));
    TSTree* tree =
        ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
    char* dump = ts_node_string(ts_tree_root_node(tree));
    std::string out = dump;
    std::free(dump);
    ts_tree_delete(tree);
    ts_parser_delete(parser);
    return out;
  }
  const TSLanguage* language() const { return language_; }

 private:
  std::string dir_;
  void* handle_ = nullptr;
  const TSLanguage* language_ = nullptr;
};

}  // namespace tsgen_test
