// How much work an incremental reparse does, counted (never timed) with the parser's logger.
//
// The grammar's top level is built so that a one-character edit re-shifts only the lines of
// the edited stage after the edit and one node per later stage (see source_file in
// grammar/grammar.js and docs/performance.md). With a plain repetition at the top level the
// runtime re-shifts every line of the file instead, because it never reuses the inner nodes
// of a repetition. These tests fail if the top level goes back to that shape.

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "support.h"

namespace {

using namespace whalesafe::grammar_test;

struct Counts {
  int shifts = 0;
  int reductions = 0;
  int lexed = 0;
};

void count_event(void* payload, TSLogType type, const char* message) {
  if (type != TSLogTypeParse) return;
  auto* counts = static_cast<Counts*>(payload);
  if (std::strncmp(message, "shift", 5) == 0) ++counts->shifts;
  if (std::strncmp(message, "reduce", 6) == 0) ++counts->reductions;
  if (std::strncmp(message, "lexed_lookahead", 15) == 0) ++counts->lexed;
}

// `stages` stages of `lines_per_stage` lines each (FROM line included).
std::string document(int stages, int lines_per_stage) {
  std::string text = "# syntax=docker/dockerfile:1\nARG BASE=alpine\n";
  for (int s = 0; s < stages; ++s) {
    text += "FROM ${BASE} AS stage" + std::to_string(s) + "\n";
    for (int l = 1; l < lines_per_stage; ++l) {
      switch (l % 4) {
        case 0:
          text += "RUN apk add --no-cache curl && echo " + std::to_string(l) + "\n";
          break;
        case 1:
          text += "ENV KEY" + std::to_string(l) + "=value\n";
          break;
        case 2:
          text += "# a comment\n";
          break;
        default:
          text += "COPY --chown=app:app src/ /app/\n";
          break;
      }
    }
  }
  return text;
}

// Byte offset of the start of 0-based line `line`.
uint32_t line_start(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 0; i < line; ++i) pos = text.find('\n', pos) + 1;
  return static_cast<uint32_t>(pos);
}

// Inserts one character at `byte`, reparses with the old tree and counts the parser's events.
// Also checks that the result equals a fresh parse.
Counts reparse_after_insert(const std::string& text, uint32_t byte) {
  ParserPtr parser = make_parser();
  TreePtr old_tree = parse(parser.get(), text);
  std::string edited = text;
  edited.insert(byte, "x");
  const TSPoint at = point_at(text, byte);
  const TSInputEdit edit{byte, byte, byte + 1, at, at, TSPoint{at.row, at.column + 1}};
  ts_tree_edit(old_tree.get(), &edit);

  Counts counts;
  ts_parser_set_logger(parser.get(), TSLogger{&counts, count_event});
  TreePtr tree = parse(parser.get(), edited, old_tree.get());
  ts_parser_set_logger(parser.get(), TSLogger{nullptr, nullptr});

  TreePtr fresh = parse(parser.get(), edited);
  CHECK(dump(ts_tree_root_node(tree.get())) == dump(ts_tree_root_node(fresh.get())));
  return counts;
}

Counts fresh_parse(const std::string& text) {
  ParserPtr parser = make_parser();
  Counts counts;
  ts_parser_set_logger(parser.get(), TSLogger{&counts, count_event});
  TreePtr tree = parse(parser.get(), text);
  ts_parser_set_logger(parser.get(), TSLogger{nullptr, nullptr});
  return counts;
}

}  // namespace

TEST_CASE("a one-character edit re-shifts one stage, not the whole file", "[reuse]") {
  const int stages = 20, lines_per_stage = 50;
  const std::string text = document(stages, lines_per_stage);
  const Counts fresh = fresh_parse(text);
  // Sanity: a fresh parse shifts every token of the 1,000 lines.
  REQUIRE(fresh.shifts > 2000);

  // Edits inside a RUN line (in its shell text) of the first, a middle and the last stage, at
  // the start, middle and end of the stage.
  for (int stage : {0, stages / 2, stages - 1}) {
    for (int line_in_stage : {4, lines_per_stage / 2, lines_per_stage - 2}) {
      const int line = 2 + stage * lines_per_stage + line_in_stage;
      const uint32_t byte = line_start(text, line) + 8;
      const Counts incremental = reparse_after_insert(text, byte);
      INFO("stage " << stage << ", line " << line_in_stage << " of the stage: "
                    << incremental.shifts << " shifts, " << incremental.reductions
                    << " reductions, " << incremental.lexed << " tokens lexed");
      // At most: the rest of the edited stage line by line, one node per other stage, the
      // edited line's own tokens, plus slack for the path down to the edit.
      CHECK(incremental.shifts <= lines_per_stage + stages + 20);
      CHECK(incremental.reductions <= 2 * (lines_per_stage + stages) + 20);
      CHECK(incremental.lexed <= 5);
    }
  }
}

TEST_CASE("an edit that turns a line into FROM splits the stage and still equals a fresh parse",
          "[reuse]") {
  const std::string text = document(4, 10);
  const uint32_t byte = line_start(text, 2 + 10 + 5);  // a line inside the second stage
  ParserPtr parser = make_parser();
  TreePtr old_tree = parse(parser.get(), text);
  std::string edited = text;
  const std::string from = "FROM scratch\n";
  edited.insert(byte, from);
  const TSPoint at = point_at(text, byte);
  const TSInputEdit edit{byte, byte, byte + static_cast<uint32_t>(from.size()),
                         at,   at,   TSPoint{at.row + 1, 0}};
  ts_tree_edit(old_tree.get(), &edit);
  TreePtr tree = parse(parser.get(), edited, old_tree.get());
  TreePtr fresh = parse(parser.get(), edited);
  CHECK(dump(ts_tree_root_node(tree.get())) == dump(ts_tree_root_node(fresh.get())));
  CHECK_FALSE(ts_node_has_error(ts_tree_root_node(tree.get())));
}
