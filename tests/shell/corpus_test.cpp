// Every shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK and every heredoc script of the shared
// corpus: extracts and parses without a crash, maps every range inside its instruction, copies
// the Dockerfile bytes it claims to, and agrees with the logical line BuildKit builds.
// Reports (does not assert) how many texts tree-sitter-bash finds errors in.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "shared_data.h"
#include "shell/invocations.h"
#include "shell/shell_analysis.h"
#include "syntax/directives.h"
#include "syntax/document.h"
#include "syntax/logical_lines.h"
#include "syntax/tree_util.h"

using namespace whalesafe;
using namespace whalesafe::shell;

namespace {

using test_support::read_file;
using test_support::running_in_ci;

std::vector<std::string> corpus_files(const std::filesystem::path& dir) {
  std::ifstream manifest(dir / "MANIFEST.tsv");
  std::vector<std::string> files;
  std::string line;
  std::getline(manifest, line);  // header
  while (std::getline(manifest, line)) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos && tab > 0) files.push_back(line.substr(0, tab));
  }
  return files;
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Every Dockerfile range a Script holds.
std::vector<const MappedRange*> all_ranges(const Script& s) {
  std::vector<const MappedRange*> out;
  for (const Command& c : s.commands) {
    out.push_back(&c.doc);
    if (c.name) out.push_back(&c.name->doc);
    for (const Word& w : c.args) out.push_back(&w.doc);
    for (const Assignment& a : c.assignments) out.push_back(&a.doc);
    for (const Redirect& r : c.redirects) out.push_back(&r.doc);
  }
  return out;
}

}  // namespace

TEST_CASE("shell of every corpus Dockerfile", "[corpus]") {
  const std::filesystem::path dir = std::filesystem::path(WHALESAFE_SHARED_DIR) / "corpus";
  if (!std::filesystem::exists(dir / "MANIFEST.tsv")) {
    if (running_in_ci()) FAIL("shared corpus missing at " << dir.string() << " (CI=true)");
    WARN("SKIPPED: shared corpus missing at " << dir.string());
    return;
  }
  const std::vector<std::string> files = corpus_files(dir);
  REQUIRE(files.size() > 100);

  ParseCache cache(100000);
  std::size_t sources = 0, heredoc_scripts = 0, with_errors = 0, outside = 0, wrong_bytes = 0,
              line_mismatch = 0, commands = 0;
  std::map<std::string, std::size_t> invocations;
  std::vector<std::string> examples;
  for (const std::string& name : files) {
    const std::string text = read_file(dir / name);
    const syntax::Document doc(text);
    const char escape = syntax::read_directives(text).escape;
    for (const TSNode instruction : syntax::top_level_instructions(doc.root())) {
      const std::vector<AnalyzedShell> shells = analyze_instruction(doc, instruction, cache);
      const ByteRange bounds{ts_node_start_byte(instruction), ts_node_end_byte(instruction)};
      for (const AnalyzedShell& s : shells) {
        ++sources;
        commands += s.script.commands.size();
        if (s.source.kind == SourceKind::kHeredocScript) ++heredoc_scripts;
        if (s.script.has_errors()) ++with_errors;
        for (const MappedRange* r : all_ranges(s.script)) {
          bool inside = bounds.contains(r->covering);
          for (const ByteRange& p : r->pieces) inside = inside && bounds.contains(p);
          if (!inside) {
            ++outside;
            if (examples.size() < 5) examples.push_back(name + ": range outside instruction");
          }
        }
        // Each shell byte mapped to a Dockerfile byte is that byte.
        for (uint32_t i = 0; i < s.source.text.size(); ++i) {
          const MappedRange r = s.source.map.to_document(ByteRange{i, i + 1});
          if (r.pieces.empty()) continue;
          if (text[r.pieces[0].start] != s.source.text[i]) {
            ++wrong_bytes;
            if (examples.size() < 5) examples.push_back(name + ": byte differs");
            break;
          }
        }
        // The command line is the end of BuildKit's logical line (which starts with the
        // keyword and flags, and leaves heredoc bodies out).
        // (Not when leading heredoc markers were moved behind the command: shell_source.h.)
        const bool moved = s.source.map.to_shell(ts_node_start_byte(ts_node_child_by_field_name(
                               s.source.instruction, "command", 7))) != std::optional<uint32_t>(0);
        if (s.source.kind == SourceKind::kCommandLine && !moved) {
          const std::string logical = syntax::logical_line(doc, instruction, escape).text;
          const std::string_view line =
              std::string_view(s.source.text).substr(0, s.source.text.find('\n'));
          if (!rtrim(logical).ends_with(rtrim(line))) {
            ++line_mismatch;
            if (examples.size() < 5) {
              examples.push_back(name + ": shell text `" + std::string(line) +
                                 "` is not the end of logical line `" + logical + "`");
            }
          }
        }
        for (const Invocation& inv : recognize_invocations(s.script, s.source.map)) {
          ++invocations[std::string(manager_name(inv.manager))];
        }
      }
    }
  }
  std::cout << "shell corpus: " << files.size() << " files, " << sources << " shell texts ("
            << heredoc_scripts << " heredoc scripts), " << commands << " commands; " << with_errors
            << " texts with tree-sitter-bash errors\n  invocations:";
  for (const auto& [manager, count] : invocations) std::cout << " " << manager << "=" << count;
  std::cout << "\n";
  for (const std::string& e : examples) std::cout << "  " << e << "\n";
  CHECK(sources > 1000);
  CHECK(outside == 0);
  CHECK(wrong_bytes == 0);
  CHECK(line_mismatch == 0);

  // A second pass over unchanged documents parses nothing.
  const uint64_t misses = cache.stats().misses;
  for (const std::string& name : files) {
    const syntax::Document doc(read_file(dir / name));
    analyze_document(doc, cache);
  }
  CHECK(cache.stats().misses == misses);
}
