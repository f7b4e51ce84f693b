// Every Dockerfile of the shared real-world corpus parses without ERROR or MISSING nodes, with
// nothing but blanks outside the top-level nodes and each top-level node starting its own line.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
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
  size_t gaps = 0;
  size_t bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const std::string& name : files) {
    const std::string text = gt::read_file(corpus / name);
    bytes += text.size();
    gt::TreePtr tree = gt::parse(parser.get(), text);
    REQUIRE(tree != nullptr);
    const TSNode root = ts_tree_root_node(tree.get());
    CHECK(ts_node_end_byte(root) <= text.size());
    // Nothing is dropped between top-level nodes (only blanks and line breaks; a BOM at 0),
    // and every top-level node starts its own line.
    uint32_t pos = text.rfind("\xef\xbb\xbf", 0) == 0 ? 3 : 0;
    const uint32_t count = ts_node_child_count(root);
    for (uint32_t i = 0; i <= count; ++i) {
      const TSNode child = i < count ? ts_node_child(root, i) : TSNode{};
      const uint32_t start =
          i < count ? ts_node_start_byte(child) : static_cast<uint32_t>(text.size());
      if (start > pos) {
        const std::string_view gap = std::string_view(text).substr(pos, start - pos);
        if (gap.find_first_not_of(" \t\r\n") != std::string_view::npos) {
          ++gaps;
          report << "\n"
                 << name << ":" << gt::line_col(text, pos) << ": text outside any node: \""
                 << gt::escape(gap.substr(0, 80)) << "\"";
        }
      }
      if (i == count) break;
      const size_t line_start = text.rfind('\n', start == 0 ? 0 : start - 1);
      const size_t from = (start == 0 || line_start == std::string::npos) ? 0 : line_start + 1;
      const std::string_view before = std::string_view(text).substr(from, start - from);
      if (before.find_first_not_of(" \t\r") != std::string_view::npos && before != "\xef\xbb\xbf") {
        ++gaps;
        report << "\n"
               << name << ":" << gt::line_col(text, start) << ": " << ts_node_type(child)
               << " does not start a line";
      }
      pos = std::max(pos, ts_node_end_byte(child));
    }
    const std::vector<TSNode> found = gt::problems(root);
    if (found.empty()) continue;
    ++failing;
    report << "\n" << name << ":" << gt::describe_problem(text, found.front());
    if (found.size() > 1) report << "\n    (+" << found.size() - 1 << " more)";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << files.size() << " corpus files, " << bytes << " bytes, " << seconds << " s, "
            << failing << " with ERROR/MISSING\n";
  INFO(files.size() << " files, " << bytes << " bytes parsed in " << seconds << " s; " << failing
                    << " with ERROR/MISSING:" << report.str());
  CHECK(failing == 0);
  CHECK(gaps == 0);
}
