// The instruction memo (rules/instruction_memo.h), with the shell memo (shell/shell_memo.h)
// beside it as in the language server: an analysis that reuses the findings and shells of
// unchanged instructions reports exactly what a fresh analysis of the same text reports,
// after any edit. Checked on every rule fixture (each instruction's lines deleted and put back,
// one at a time, which changes every other instruction's surroundings but not its bytes) and
// on the shared corpus (random one-character edits). The syntax memo (syntax/syntax_memo.h)
// is checked alongside, against syntax_diagnostics.
#include "rules/instruction_memo.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "rules/registry.h"
#include "rules/runner.h"
#include "shared_data.h"
#include "syntax/document.h"
#include "syntax/tree_util.h"

namespace {

using whalesafe::findings::Diagnostic;
using whalesafe::rules::InstructionMemo;
using whalesafe::rules::Reuse;
using whalesafe::rules::RuleSelection;
using whalesafe::rules::RuleSettings;
using whalesafe::syntax::Document;

std::string describe(const Diagnostic& d) {
  std::string out = d.rule + " [" + std::to_string(d.start_byte) + "," +
                    std::to_string(d.end_byte) + ") " + d.message + " " + d.code;
  if (d.fix) {
    out +=
        " | fix " + d.fix->description +
        (d.fix->applicability == whalesafe::findings::Applicability::kSafe ? " safe" : " unsafe");
    for (const auto& e : d.fix->edits) {
      out += " [" + std::to_string(e.start_byte) + "," + std::to_string(e.end_byte) +
             ")=" + e.new_text;
    }
  }
  return out;
}

std::vector<std::string> described(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ds) out.push_back(describe(d));
  return out;
}

std::vector<std::string> described(const std::vector<whalesafe::syntax::Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const whalesafe::syntax::Diagnostic& d : ds) {
    out.push_back(std::to_string(static_cast<int>(d.severity)) + " [" +
                  std::to_string(d.start_byte) + "," + std::to_string(d.end_byte) + ") " +
                  d.message + " | " + d.detail + " " + d.code);
  }
  return out;
}

struct Checker {
  RuleSelection selection = RuleSelection::all();
  RuleSettings settings;
  InstructionMemo memo;
  whalesafe::shell::ShellMemo shell_memo;
  whalesafe::syntax::SyntaxMemo syntax_memo;

  Checker() {
    settings.shellcheck = false;  // an external program; its rule is document-scoped anyway
    settings.eol_date = whalesafe::catalog::Date{2026, 11, 23};
  }

  // Compares the memo's analysis of `doc` with a fresh one.
  void compare(const Document& doc, const std::string& where) {
    const auto reused = check_document(
        doc, selection, settings,
        Reuse{.memo = &memo, .shell_memo = &shell_memo, .syntax_memo = &syntax_memo});
    const auto fresh = check_document(doc, selection, settings);
    INFO(where << "\n--- text ---\n" << doc.text());
    CHECK(described(reused) == described(fresh));
    // The syntax memo's diagnostics, which not every rule reports in full.
    CHECK(described(syntax_memo.diagnostics(doc)) ==
          described(whalesafe::syntax::syntax_diagnostics(doc)));
  }
};

std::vector<std::filesystem::path> fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(WHALESAFE_FIXTURE_DIR)) {
    if (entry.path().extension() == ".Dockerfile") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the memo reuses unchanged instructions and runs the rules on the edited one", "[memo]") {
  Checker checker;
  Document doc(
      "FROM debian:12\n"
      "RUN apt-get update && apt-get install -y curl\n"
      "RUN cd /app && make\n"
      "ENV A=1\n"
      "RUN curl -k https://example.com/x | sh\n");
  checker.compare(doc, "first analysis");
  const auto first = checker.memo.stats();
  CHECK(first.misses == 5);
  CHECK(first.hits == 0);

  doc.edit(0, 0, "# a comment\n");  // every instruction moves, none changes
  checker.compare(doc, "after a comment above");
  CHECK(checker.memo.stats().misses == 5);
  CHECK(checker.memo.stats().hits == 5);

  const auto at = static_cast<uint32_t>(doc.text().find("A=1"));
  doc.edit(at, at + 1, "B");  // one instruction changes
  checker.compare(doc, "after editing the ENV");
  CHECK(checker.memo.stats().misses == 6);
  CHECK(checker.memo.stats().hits == 9);

  const auto from = static_cast<uint32_t>(doc.text().find("12"));
  doc.edit(from, from + 2, "13");  // a FROM changes: nothing is reused
  checker.compare(doc, "after editing the FROM");
  CHECK(checker.memo.stats().misses == 11);
}

TEST_CASE("an edit of one stage's FROM reruns the rules on that stage and those built on it",
          "[memo]") {
  Checker checker;
  Document doc(
      "FROM alpine:3.20 AS tools\n"
      "RUN apk add curl\n"
      "FROM tools AS fetch\n"
      "RUN curl -k https://example.com/x | sh\n"
      "FROM debian:12\n"
      "RUN apt-get update && apt-get install -y curl\n"
      "COPY --from=fetch /x /x\n");
  checker.compare(doc, "first analysis");
  CHECK(checker.memo.stats().misses == 7);

  // The first stage's image: it and `fetch`, built FROM it, run again; the final stage not.
  const auto tag = static_cast<uint32_t>(doc.text().find("3.20"));
  doc.edit(tag, tag + 4, "3.21");
  checker.compare(doc, "after editing the first FROM");
  CHECK(checker.memo.stats().misses == 7 + 4);
  CHECK(checker.memo.stats().hits == 3);

  // The final stage's image: only its own instructions.
  const auto debian = static_cast<uint32_t>(doc.text().find("debian:12"));
  doc.edit(debian + 7, debian + 9, "13");
  checker.compare(doc, "after editing the last FROM");
  CHECK(checker.memo.stats().misses == 11 + 3);
  CHECK(checker.memo.stats().hits == 3 + 4);

  // Naming the final stage after nothing changes its own place only; renaming `tools` makes
  // `fetch` build on an image of that name: both stages run again.
  const auto alias = static_cast<uint32_t>(doc.text().find("AS tools"));
  doc.edit(alias + 3, alias + 8, "base");
  checker.compare(doc, "after renaming the first stage");
  CHECK(checker.memo.stats().misses == 14 + 4);

  // A SHELL in the first stage is the shell of the stages built on it too: PowerShell runs
  // `fetch`'s RUN, which is then no POSIX shell script to judge.
  const auto run = static_cast<uint32_t>(doc.text().find("RUN apk"));
  doc.edit(run, run, "SHELL [\"pwsh\", \"-Command\"]\n");
  checker.compare(doc, "after adding a SHELL to the first stage");
  const auto back = static_cast<uint32_t>(doc.text().find("AS base"));
  doc.edit(back + 3, back + 7, "tools");
  checker.compare(doc, "after naming it back");
}

TEST_CASE("the memo agrees with a fresh analysis when a FROM or SHELL line of a fixture changes",
          "[memo]") {
  // Each FROM and SHELL line, edited in three places (its start, its middle, the end of its
  // line) one character at a time, then put back: the places of every stage built on it move.
  for (const std::filesystem::path& path : fixtures()) {
    const std::string text = whalesafe::test_support::read_file(path);
    Checker checker;
    Document doc(text);
    checker.compare(doc, path.filename().string());
    std::vector<std::pair<uint32_t, uint32_t>> lines;
    for (const TSNode node : whalesafe::syntax::top_level_instructions(doc.root())) {
      const std::string_view type = whalesafe::syntax::type_of(node);
      if (type != "from_instruction" && type != "shell_instruction") continue;
      lines.emplace_back(ts_node_start_byte(node), ts_node_end_byte(node));
    }
    for (const auto& [start, end] : lines) {
      const std::string line = text.substr(start, end - start);
      for (const uint32_t at : {start + 1, start + (end - start) / 2, end}) {
        for (const std::string_view insert : {"x", " ", "-"}) {
          doc.edit(at, at, insert);
          checker.compare(doc, path.filename().string() + ": '" + std::string(insert) +
                                   "' inserted into: " + line);
          doc.edit(at, at + 1, "");
        }
      }
      checker.compare(doc, path.filename().string() + " restored after: " + line);
    }
  }
}

TEST_CASE("the memo agrees with a fresh analysis when any instruction of a fixture goes",
          "[memo]") {
  for (const std::filesystem::path& path : fixtures()) {
    const std::string text = whalesafe::test_support::read_file(path);
    Checker checker;
    Document doc(text);
    checker.compare(doc, path.filename().string());
    const std::vector<TSNode> instructions = whalesafe::syntax::top_level_instructions(doc.root());
    std::vector<std::pair<uint32_t, uint32_t>> lines;
    for (const TSNode node : instructions) {
      const uint32_t start = doc.line_start(ts_node_start_point(node).row);
      uint32_t end = ts_node_end_byte(node);
      const std::size_t nl = text.find('\n', end == 0 ? 0 : end - 1);
      end = nl == std::string::npos ? static_cast<uint32_t>(text.size())
                                    : static_cast<uint32_t>(nl) + 1;
      lines.emplace_back(start, end);
    }
    for (const auto& [start, end] : lines) {
      const std::string removed = text.substr(start, end - start);
      doc.edit(start, end, "");
      checker.compare(doc, path.filename().string() + " without: " + removed);
      doc.edit(start, start, removed);
      checker.compare(doc, path.filename().string() + " with it back: " + removed);
    }
  }
}

TEST_CASE("the memo agrees with a fresh analysis after random edits of the corpus", "[memo]") {
  const auto dir = whalesafe::test_support::shared_path("corpus");
  if (!dir) return;
  std::mt19937 random(20261123);
  const std::string alphabet = "ab0 -_.$={}\"'\\\n#";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "MANIFEST.tsv" || name == "README.md") continue;
    const std::string text = whalesafe::test_support::read_file(entry.path());
    if (text.empty() || text.size() > 200000) continue;
    ++files;
    Checker checker;
    Document doc(text);
    checker.compare(doc, name);
    for (int edit = 0; edit < 4; ++edit) {
      const auto size = static_cast<uint32_t>(doc.text().size());
      const uint32_t at = std::uniform_int_distribution<uint32_t>(0, size)(random);
      if (edit % 2 == 0 || at == size) {
        const char c =
            alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
        doc.edit(at, at, std::string(1, c));
      } else {
        doc.edit(at, at + 1, "");
      }
      checker.compare(doc, name + " after edit " + std::to_string(edit));
    }
  }
  CHECK(files >= 700);
}
