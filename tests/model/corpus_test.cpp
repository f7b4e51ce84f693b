// The model of every shared corpus file (shared/corpus/MANIFEST.tsv): building it must not
// crash, and what it says must hold together with the syntax tree.
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/model_dump.h"
#include "model_test_support.h"
#include "syntax/document.h"
#include "syntax/tree_util.h"

namespace whalesafe::model {
namespace {

using testing::read_file;
using testing::shared_path;

std::vector<std::string> manifest_files(const std::filesystem::path& manifest) {
  std::vector<std::string> files;
  std::istringstream in(read_file(manifest));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty()) files.push_back(line.substr(0, line.find('\t')));
  }
  return files;
}

bool inside(ByteRange inner, TSNode outer) {
  return inner.start_byte >= ts_node_start_byte(outer) &&
         inner.end_byte <= ts_node_end_byte(outer) && inner.start_byte <= inner.end_byte;
}

bool inside(TSNode inner, TSNode outer) { return inside(range_of(inner), outer); }

void check_invariants(const syntax::Document& doc, const Model& m) {
  const TSNode root = doc.root();
  std::size_t from_count = 0;
  for (TSNode node : syntax::top_level_instructions(root)) {
    if (syntax::type_of(node) == "from_instruction") ++from_count;
  }
  // One stage per FROM; exactly one final stage when there is any.
  REQUIRE(m.stages.size() == from_count);
  const auto finals =
      std::count_if(m.stages.begin(), m.stages.end(), [](const Stage& s) { return s.is_final; });
  CHECK(finals == (from_count > 0 ? 1 : 0));
  if (from_count > 0) CHECK(m.final_stage() == &m.stages.back());

  for (std::size_t i = 0; i < m.stages.size(); ++i) {
    const Stage& s = m.stages[i];
    CHECK(s.index == i);
    CHECK(syntax::type_of(s.from) == "from_instruction");
    CHECK(inside(s.from, root));
    if (!ts_node_is_null(s.base.image)) CHECK(inside(s.base.image, s.from));
    if (!ts_node_is_null(s.name_node)) CHECK(inside(s.name_node, s.from));
    if (s.base.stage) CHECK(*s.base.stage < i);  // only earlier stages
    CHECK(s.base.resolved.has_value() == s.base.word.ok());
    REQUIRE(s.scope_at_end);
    for (std::size_t k : s.instructions) {
      REQUIRE(k < m.instructions.size());
      CHECK(m.instructions[k].stage == static_cast<int>(i));
    }
    for (const StageSource& src : s.sources) {
      CHECK(inside(src.node, src.instruction));
      if (src.kind == StageSource::Kind::kStage) {
        REQUIRE(src.stage);
        CHECK(*src.stage < m.stages.size());
      } else {
        CHECK_FALSE(src.stage);
      }
    }
    if (s.user_at_end.origin == EffectiveUser::Origin::kInstruction) {
      CHECK(syntax::type_of(s.user_at_end.instruction) == "user_instruction");
      CHECK(s.user_at_end.stage >= 0);
      CHECK(s.user_at_end.stage <= static_cast<int>(i));
    }
  }

  uint32_t previous_start = 0;
  for (const InstructionInfo& info : m.instructions) {
    CHECK(ts_node_start_byte(info.node) >= previous_start);
    previous_start = ts_node_start_byte(info.node);
    CHECK(m.instruction_at(ts_node_start_byte(info.node)) == &info);
    REQUIRE(info.scope);
    CHECK(info.stage < static_cast<int>(m.stages.size()));
    for (const Word& w : info.words) CHECK(inside(w.node, info.node));
  }
  for (const VariableReference& r : m.references) {
    CHECK(inside(ByteRange{static_cast<uint32_t>(r.use.start), static_cast<uint32_t>(r.use.end)},
                 r.instruction));
    CHECK_FALSE(r.use.name.empty());
  }
  for (const ExpansionProblem& p : m.problems) {
    CHECK(
        inside(ByteRange{static_cast<uint32_t>(p.error.start), static_cast<uint32_t>(p.error.end)},
               p.instruction));
    CHECK_FALSE(p.error.message.empty());
  }
}

TEST_CASE("the model of every corpus file", "[corpus]") {
  const auto dir = shared_path("corpus");
  if (!dir) return;
  const std::vector<std::string> files = manifest_files(*dir / "MANIFEST.tsv");
  REQUIRE(files.size() >= 700);
  std::size_t stages = 0;
  std::size_t references = 0;
  std::size_t undefined = 0;
  std::size_t problems = 0;
  std::size_t stage_sources = 0;
  std::chrono::nanoseconds build_time{0};
  for (const std::string& file : files) {
    INFO(file);
    const syntax::Document doc(read_file(*dir / file));
    const auto start = std::chrono::steady_clock::now();
    const Model m = build_model(doc);
    build_time += std::chrono::steady_clock::now() - start;
    check_invariants(doc, m);
    stages += m.stages.size();
    references += m.references.size();
    undefined += m.undefined_references().size();
    problems += m.problems.size();
    for (const Stage& s : m.stages) stage_sources += s.sources.size();
  }
  std::cout << "corpus: " << files.size() << " files, " << stages << " stages, " << stage_sources
            << " stage sources, " << references << " variable references (" << undefined
            << " undefined), " << problems << " expansion problems; model build "
            << std::chrono::duration_cast<std::chrono::microseconds>(build_time).count() /
                   static_cast<long long>(files.size())
            << " us per file on average\n";
  CHECK(stages >= files.size());  // nearly every file has a FROM, many several
}

TEST_CASE("the model after incremental edits equals the model of a fresh parse", "[corpus]") {
  const auto dir = shared_path("corpus");
  if (!dir) return;
  const std::vector<std::string> files = manifest_files(*dir / "MANIFEST.tsv");
  std::mt19937 rng(1123);
  static constexpr std::string_view kInsertions[] = {
      "$", "${A}", "\n", "ARG A=1\n", "FROM b AS c\n", "\"", "USER x\n", "}", " --from=0", "\\\n"};
  for (std::size_t f = 0; f < files.size(); f += 7) {  // every 7th file keeps the test quick
    INFO(files[f]);
    syntax::Document doc(read_file(*dir / files[f]));
    for (int edit = 0; edit < 4; ++edit) {
      const auto size = static_cast<uint32_t>(doc.text().size());
      std::uniform_int_distribution<uint32_t> pos(0, size);
      const uint32_t start = pos(rng);
      const uint32_t end = std::min<uint32_t>(size, start + (rng() % 4));
      const std::string_view insertion = kInsertions[rng() % std::size(kInsertions)];
      doc.edit(start, end, insertion);
      const syntax::Document fresh(doc.text());
      INFO("edit " << edit << " at " << start << "-" << end << " inserting '" << insertion << "'");
      REQUIRE(dump_model(doc, build_model(doc)) == dump_model(fresh, build_model(fresh)));
    }
  }
}

}  // namespace
}  // namespace whalesafe::model
