// Every Dockerfile of the shared real-world corpus parses without ERROR or MISSING nodes.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

namespace gt = whalesafe::grammar_test;

TEST_CASE("every corpus file parses without ERROR or MISSING nodes", "[corpus]") {
  WHALESAFE_REQUIRE_SHARED_DIR(shared);
  const std::filesystem::path corpus = shared / "corpus";
  const std::vector<std::string> files = gt::corpus_manifest(corpus);
  REQUIRE(files.size() >= 700);

  // The manifest and the directory agree.
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    const std::string name = entry.path().filename().string();
    if (name != "MANIFEST.tsv" && name != "README.md") on_disk.insert(name);
  }
  CHECK(std::set<std::string>(files.begin(), files.end()) == on_disk);

  gt::ParserPtr parser = gt::make_parser();
  std::ostringstream report;
  size_t failing = 0;
  size_t bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const std::string& name : files) {
    const std::string text = gt::read_file(corpus / name);
    bytes += text.size();
    gt::TreePtr tree = gt::parse(parser.get(), text);
    REQUIRE(tree != nullptr);
    const TSNode root = ts_tree_root_node(tree.get());
    CHECK(ts_node_end_byte(root) <= text.size());
    const std::vector<TSNode> found = gt::problems(root);
    if (found.empty()) continue;
    ++failing;
    report << "\n" << name << ":" << gt::describe_problem(text, found.front());
    if (found.size() > 1) report << "\n    (+" << found.size() - 1 << " more)";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(files.size() << " files, " << bytes << " bytes parsed in " << seconds << " s; " << failing
                    << " with ERROR/MISSING:" << report.str());
  CHECK(failing == 0);
}
