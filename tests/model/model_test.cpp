// Unit tests of build_model on small inline Dockerfiles.
#include "model/model.h"

#include <catch2/catch.hpp>
#include <string>

#include "model_test_support.h"
#include "syntax/document.h"

namespace whalesafe::model {
namespace {

using testing::annotated;

ByteRange range(const testing::ByteRange& r) { return {r.start, r.end}; }
ByteRange range(const VariableUse& u) {
  return {static_cast<uint32_t>(u.start), static_cast<uint32_t>(u.end)};
}
ByteRange range(const ExpansionError& e) {
  return {static_cast<uint32_t>(e.start), static_cast<uint32_t>(e.end)};
}

// The n-th (0-based) top-level instruction with this keyword.
const InstructionInfo& nth(const Model& m, std::string_view keyword, std::size_t n = 0) {
  for (const InstructionInfo& i : m.instructions) {
    if (i.keyword == keyword && n-- == 0) return i;
  }
  FAIL("no instruction " << keyword);
  throw std::logic_error("unreachable");
}

// The value of the `index`-th word BuildKit expands for the n-th instruction `keyword`.
std::string word(const Model& m, std::string_view keyword, std::size_t n, std::size_t index = 0) {
  const InstructionInfo& i = nth(m, keyword, n);
  REQUIRE(index < i.words.size());
  return i.words[index].value();
}

const Variable* find(const ScopePtr& scope, std::string_view name) { return scope->lookup(name); }

TEST_CASE("FROM ${BASE} resolves through a global ARG default", "[unit][model]") {
  const syntax::Document doc(
      "ARG BASE=alpine:3.20.1\n"
      "FROM ${BASE} AS build\n"
      "RUN make\n");
  const Model m = build_model(doc);
  REQUIRE(m.stages.size() == 1);
  const Stage& s = m.stages[0];
  CHECK(s.base.word.written == "${BASE}");
  REQUIRE(s.base.resolved);
  CHECK(*s.base.resolved == "alpine:3.20.1");
  CHECK_FALSE(s.base.stage);
  CHECK_FALSE(s.base.scratch);
  CHECK(s.name == "build");
  CHECK(s.is_final);
  CHECK(m.final_stage() == &s);
  CHECK(doc.node_text(s.from) == "FROM ${BASE} AS build");
  REQUIRE(find(m.global_scope, "BASE"));
  CHECK(find(m.global_scope, "BASE")->kind == VariableKind::kGlobalArg);
  // A build arg overrides the default.
  ModelOptions options;
  options.build_args["BASE"] = "debian:12";
  CHECK(*build_model(doc, options).stages[0].base.resolved == "debian:12");
  // Global ARGs are not visible inside the stage.
  CHECK(find(nth(m, "run").scope, "BASE") == nullptr);
}

TEST_CASE("global ARGs are visible in FROM only; ARG NAME imports the global default",
          "[unit][model]") {
  const auto src = annotated(
      "ARG V=1 TAG\n"
      "FROM alpine:${TAG:-3.20}\n"
      "LABEL before=[[$V]]\n"
      "ARG V\n"
      "LABEL after=$V\n"
      "ARG TAG\n"
      "LABEL tag=[[${TAG}]]\n");
  const syntax::Document doc(src.text);
  const Model m = build_model(doc);
  CHECK(*m.stages[0].base.resolved == "alpine:3.20");
  CHECK(word(m, "label", 0, 1) == "");  // words: name, value
  CHECK(word(m, "label", 1, 1) == "1");
  const Variable* v = find(nth(m, "label", 1).scope, "V");
  REQUIRE(v);
  CHECK(v->imported_global);
  CHECK(v->kind == VariableKind::kArg);
  CHECK(v->stage == 0);
  // TAG has no default anywhere: declared, without a value.
  const Variable* tag = find(nth(m, "label", 2).scope, "TAG");
  REQUIRE(tag);
  CHECK_FALSE(tag->value);
  // Only $V before its ARG is undefined; ${TAG} is declared (though empty).
  const auto undefined = m.undefined_references();
  REQUIRE(undefined.size() == 1);
  CHECK(undefined[0]->use.name == "V");
  CHECK(range(undefined[0]->use) == range(src.ranges[0]));
  CHECK(undefined[0]->stage == 0);
  const auto tag_ref = std::find_if(m.references.begin(), m.references.end(), [](const auto& r) {
    return r.use.name == "TAG" && r.stage == 0;
  });
  REQUIRE(tag_ref != m.references.end());
  CHECK(tag_ref->declared);
  CHECK_FALSE(tag_ref->use.defined);
  CHECK(range(tag_ref->use) == range(src.ranges[1]));
  // A reference knows the declaration it resolved to (go to definition).
  CHECK(doc.node_text(tag_ref->declaration) == "TAG");
  CHECK(doc.node_text(tag_ref->instruction) == "LABEL tag=${TAG}");
  CHECK(ts_node_is_null(undefined[0]->declaration));
  const auto from_ref = std::find_if(m.references.begin(), m.references.end(),
                                     [](const auto& r) { return r.stage == -1; });
  REQUIRE(from_ref != m.references.end());
  CHECK(doc.node_text(from_ref->declaration) == "TAG");  // the global declaration on line 1
  CHECK(ts_node_start_byte(from_ref->declaration) < ts_node_start_byte(m.stages[0].from));
}

TEST_CASE("build args override ARG defaults in stages and imported globals", "[unit][model]") {
  const syntax::Document doc(
      "ARG G=global\n"
      "FROM alpine\n"
      "ARG G\n"
      "ARG L=local\n"
      "ARG N\n"
      "LABEL g=$G l=$L n=$N\n");
  ModelOptions options;
  options.build_args = {{"G", "bg"}, {"L", "bl"}, {"N", "bn"}, {"UNDECLARED", "x"}};
  const Model m = build_model(doc, options);
  const InstructionInfo& label = nth(m, "label");
  CHECK(label.words[1].value() == "bg");
  CHECK(label.words[3].value() == "bl");
  CHECK(label.words[5].value() == "bn");
  CHECK(find(label.scope, "L")->from_build_arg);
  CHECK(find(label.scope, "UNDECLARED") == nullptr);  // build args need an ARG
  const Model defaults = build_model(doc);
  const InstructionInfo& d = nth(defaults, "label");
  CHECK(d.words[1].value() == "global");
  CHECK(d.words[3].value() == "local");
  CHECK(d.words[5].value() == "");
}

TEST_CASE("ARG declarations apply one by one, ENV pairs all at once", "[unit][model]") {
  const syntax::Document doc(
      "FROM alpine\n"
      "ARG X=1 Y=$X\n"
      "ENV A=1\n"
      "ENV A=2 B=$A\n"
      "ENV C=\"$A and $B\" \\\n"
      "    D=${X}${Y}\n"
      "LABEL a=$A b=$B c=$C d=$D\n");
  const Model m = build_model(doc);
  const InstructionInfo& label = nth(m, "label");
  CHECK(label.words[1].value() == "2");
  CHECK(label.words[3].value() == "1");
  CHECK(label.words[5].value() == "2 and 1");
  CHECK(label.words[7].value() == "11");
  REQUIRE(nth(m, "env", 1).declarations.size() == 2);
  CHECK(nth(m, "env", 1).declarations[1].variable.value == "1");
  CHECK(nth(m, "env", 1).declarations[1].variable.kind == VariableKind::kEnv);
}

TEST_CASE("stages inherit ENV, ARG and USER from the stage they are built FROM", "[unit][model]") {
  const syntax::Document doc(
      "FROM alpine AS base\n"
      "ENV APP=/srv\n"
      "ARG MODE=release\n"
      "USER app\n"
      "FROM base AS child\n"
      "WORKDIR $APP/$MODE\n"
      "FROM alpine AS other\n"
      "WORKDIR ${APP:-none}\n"
      "FROM scratch\n"
      "COPY --from=child /srv /srv\n");
  const Model m = build_model(doc);
  REQUIRE(m.stages.size() == 4);
  const Stage& child = m.stages[1];
  REQUIRE(child.base.stage);
  CHECK(*child.base.stage == 0);
  CHECK(word(m, "workdir", 0) == "/srv/release");
  CHECK(word(m, "workdir", 1) == "none");
  // USER: set in base, inherited by child; unknown for an external image; root on scratch.
  const EffectiveUser& child_user = nth(m, "workdir", 0).user;
  CHECK(child_user.origin == EffectiveUser::Origin::kInstruction);
  CHECK(child_user.user == "app");
  CHECK(child_user.stage == 0);
  CHECK(doc.node_text(child_user.instruction) == "USER app");
  CHECK_FALSE(child_user.is_root());
  CHECK_FALSE(nth(m, "workdir", 1).user.known());
  CHECK(m.stages[3].base.scratch);
  CHECK(m.stages[3].user_at_end.origin == EffectiveUser::Origin::kScratch);
  CHECK(m.stages[3].user_at_end.is_root());
  CHECK(m.final_stage() == &m.stages[3]);
  CHECK(child.user_at_end.user == "app");
  // Whether an unset variable might come from a base image's ENV.
  CHECK(m.stages[0].image_env_unknown);
  CHECK(child.image_env_unknown);  // inherited through `FROM base`
  CHECK_FALSE(m.stages[3].image_env_unknown);
  const VariableReference& app = m.references.front();
  CHECK(app.use.name == "APP");
  CHECK(app.image_env_unknown);
}

TEST_CASE("the effective user at each instruction", "[unit][model]") {
  const auto src = annotated(
      "ARG UID=1000\n"
      "FROM debian\n"
      "[[RUN id]]\n"
      "USER root\n"
      "[[RUN apt-get update]]\n"
      "ARG UID\n"
      "USER ${UID}:${UID}\n"
      "[[CMD [\"app\"]]]\n");
  const syntax::Document doc(src.text);
  const Model m = build_model(doc);
  const auto user_at = [&](std::size_t i) { return m.instruction_at(src.ranges[i].start)->user; };
  CHECK_FALSE(user_at(0).known());
  CHECK(user_at(1).is_root());
  CHECK(user_at(2).user == "1000:1000");
  CHECK_FALSE(user_at(2).is_root());
  CHECK(m.final_stage()->user_at_end.user == "1000:1000");
  CHECK(m.instruction_at(0)->keyword == "arg");
  CHECK(m.instruction_at(static_cast<uint32_t>(src.text.size())) == nullptr);
}

TEST_CASE("COPY --from and RUN --mount from, by name and by index", "[unit][model]") {
  const syntax::Document doc(
      "FROM golang AS Build\n"
      "FROM build AS test\n"
      "FROM alpine\n"
      "COPY --from=build /a /a\n"
      "COPY --from=0 /b /b\n"
      "COPY --from=\"TEST\" /c /c\n"
      "COPY --from=nginx:1.27 /d /d\n"
      "COPY --from=7 /e /e\n"
      "COPY --from=$STAGE /f /f\n"
      "COPY --from=later /g /g\n"
      "RUN --mount=type=cache,from=test,target=/root/.cache \\\n"
      "    --mount=type=bind,source=/x,from=1 make\n"
      "FROM alpine AS later\n");
  const Model m = build_model(doc);
  REQUIRE(m.stages.size() == 4);
  CHECK(m.stages[0].name == "build");  // lower-cased, as BuildKit does
  REQUIRE(m.stages[1].base.stage);     // `FROM build` matches the lower-cased name
  CHECK(*m.stages[1].base.stage == 0);
  const std::vector<StageSource>& sources = m.stages[2].sources;
  REQUIRE(sources.size() == 9);
  using Kind = StageSource::Kind;
  CHECK(sources[0].kind == Kind::kStage);
  CHECK(sources[0].stage == 0u);
  CHECK_FALSE(sources[0].by_index);
  CHECK(sources[1].kind == Kind::kStage);
  CHECK(sources[1].by_index);
  CHECK(sources[1].stage == 0u);
  CHECK(sources[2].kind == Kind::kStage);  // quotes removed, names are case-insensitive
  CHECK(sources[2].value == "TEST");
  CHECK(sources[2].stage == 1u);
  CHECK(sources[3].kind == Kind::kImage);
  CHECK(sources[3].value == "nginx:1.27");
  CHECK(sources[4].kind == Kind::kInvalidIndex);
  CHECK(sources[5].kind == Kind::kVariable);
  CHECK(sources[5].value == "$STAGE");
  CHECK(sources[6].kind == Kind::kStage);  // a later stage: allowed by BuildKit
  CHECK(sources[6].stage == 3u);
  CHECK(sources[7].mount);
  CHECK(sources[7].value == "test");
  const auto text_of = [&](ByteRange r) {
    return doc.text().substr(r.start_byte, r.end_byte - r.start_byte);
  };
  CHECK(text_of(sources[7].range) == "test");
  CHECK(text_of(sources[2].range) == "\"TEST\"");
  CHECK(sources[7].stage == 1u);
  CHECK(sources[8].by_index);
  CHECK(sources[8].stage == 1u);
  CHECK(doc.node_text(sources[0].instruction) == "COPY --from=build /a /a");
  CHECK(doc.node_text(sources[0].node) == "build");
}

TEST_CASE("unknown stage names are external images", "[unit][model]") {
  const syntax::Document doc(
      "FROM base\n"
      "FROM alpine AS base\n"
      "FROM Base\n"
      "FROM a AS 1st\n");
  const Model m = build_model(doc);
  CHECK_FALSE(m.stages[0].base.stage);  // a stage named later does not count
  CHECK_FALSE(m.stages[2].base.stage);  // FROM compares exactly: `Base` is an image
  CHECK(m.stages[1].name_valid);
  CHECK_FALSE(m.stages[3].name_valid);
  CHECK(m.stage_named("BASE") == &m.stages[1]);
  CHECK(m.stage_named("nope") == nullptr);
}

TEST_CASE("the final stage, and --target", "[unit][model]") {
  const syntax::Document doc("FROM a AS one\nFROM b AS two\nFROM c\n");
  const Model m = build_model(doc);
  CHECK(m.final_stage() == &m.stages[2]);
  CHECK(std::count_if(m.stages.begin(), m.stages.end(),
                      [](const Stage& s) { return s.is_final; }) == 1);
  ModelOptions options;
  options.target = "Two";
  const Model t = build_model(doc, options);
  CHECK(t.final_stage() == &t.stages[1]);
  const Model none = build_model(syntax::Document("# nothing\nARG A=1\n"));
  CHECK(none.stages.empty());
  CHECK(none.final_stage() == nullptr);
  CHECK(none.instructions.size() == 1);
}

TEST_CASE("platform ARGs are predefined in the global scope only", "[unit][model]") {
  const syntax::Document doc(
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
      "RUN echo\n"
      "LABEL os=$TARGETOS\n"
      "ARG TARGETARCH\n"
      "LABEL arch=$TARGETARCH\n");
  ModelOptions options;
  options.target_platform = "linux/arm64/v8";
  const Model m = build_model(doc, options);
  REQUIRE(m.stages[0].platform);
  CHECK(m.stages[0].platform->value() == "linux/amd64");
  CHECK(word(m, "label", 0, 1) == "");
  CHECK(word(m, "label", 1, 1) == "arm64");
  CHECK(find(m.global_scope, "TARGETVARIANT")->value == "v8");
  CHECK(find(m.global_scope, "TARGETVARIANT")->kind == VariableKind::kPlatformArg);
  ModelOptions with_build_arg;
  with_build_arg.build_args["BUILDPLATFORM"] = "linux/riscv64";
  CHECK(build_model(doc, with_build_arg).stages[0].platform->value() == "linux/riscv64");
}

TEST_CASE("positions survive line continuations; errors are reported where they are",
          "[unit][model]") {
  const auto src = annotated(
      "FROM alpine\n"
      "ENV A=abc\\\n"
      "[[${B}]]def\n"
      "USER [[\"unterminated]]\n"
      "WORKDIR [[${DIR:?set DIR}]]\n");
  const syntax::Document doc(src.text);
  const Model m = build_model(doc);
  CHECK(word(m, "env", 0) == "abcdef");
  REQUIRE(m.references.size() == 2);
  CHECK(m.references[0].use.name == "B");
  CHECK(range(m.references[0].use) == range(src.ranges[0]));
  REQUIRE(m.problems.size() == 2);
  CHECK(range(m.problems[0].error) == range(src.ranges[1]));
  CHECK(m.problems[1].error.message == "DIR: set DIR");
  CHECK(range(m.problems[1].error) == range(src.ranges[2]));
  CHECK(doc.node_text(m.problems[1].instruction) == "WORKDIR ${DIR:?set DIR}");
}

TEST_CASE("exec-form strings, labels, the escape directive", "[unit][model]") {
  const syntax::Document doc(
      "# escape=`\n"
      "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
      "ENV DIR=C:\\app SRC=src\n"
      "COPY [\"$SRC\", \"${DIR}\\\\bin\"]\n"
      "LABEL \"maintainer name\"=\"`$DIR is $DIR\"\n");
  const Model m = build_model(doc);
  CHECK(m.escape == '`');
  CHECK(word(m, "env", 0, 0) == "C:\\app");
  CHECK(word(m, "copy", 0, 0) == "src");
  CHECK(word(m, "copy", 0, 1) == "C:\\app\\bin");
  CHECK(word(m, "label", 0, 0) == "maintainer name");
  CHECK(word(m, "label", 0, 1) == "$DIR is C:\\app");
  // A JSON string's references point at the whole string.
  const VariableReference& src_ref = m.references[0];
  CHECK(src_ref.use.name == "SRC");
  CHECK(doc.node_text(nth(m, "copy").words[0].node) == "\"$SRC\"");
  CHECK(src_ref.use.start == ts_node_start_byte(nth(m, "copy").words[0].node));
}

TEST_CASE("the effective SHELL and WORKDIR", "[unit][model]") {
  const auto src = annotated(
      "FROM scratch AS base\n"
      "[[RUN a]]\n"
      "WORKDIR app\n"
      "WORKDIR ./src/../lib\n"
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
      "[[RUN b]]\n"
      "FROM base\n"
      "ENV SUB=x\n"
      "WORKDIR $SUB\n"
      "[[RUN c]]\n"
      "FROM debian\n"
      "[[RUN d]]\n"
      "WORKDIR rel\n"
      "[[RUN e]]\n"
      "WORKDIR /abs//dir/\n"
      "[[RUN f]]\n");
  const syntax::Document doc(src.text);
  const Model m = build_model(doc);
  const auto at = [&](std::size_t i) { return m.instruction_at(src.ranges[i].start); };
  CHECK(at(0)->shell.argv == std::vector<std::string>{"/bin/sh", "-c"});
  CHECK(at(0)->shell.is_default());
  CHECK(at(0)->workdir.path == "/");
  CHECK(at(1)->shell.argv == std::vector<std::string>{"/bin/bash", "-o", "pipefail", "-c"});
  CHECK(doc.node_text(at(1)->shell.instruction).substr(0, 5) == "SHELL");
  CHECK(at(1)->workdir.path == "/app/lib");
  // Inherited through FROM base, then joined with an expanded relative path.
  CHECK_FALSE(at(2)->shell.is_default());
  CHECK(at(2)->workdir.path == "/app/lib/x");
  // An external image's own WORKDIR is unknown until an absolute one is set.
  CHECK(at(3)->shell.is_default());
  CHECK_FALSE(at(3)->workdir.path);
  CHECK_FALSE(at(4)->workdir.path);
  CHECK(doc.node_text(at(4)->workdir.instruction) == "WORKDIR rel");
  CHECK(at(5)->workdir.path == "/abs/dir");
  CHECK(m.final_stage()->workdir_at_end.path == "/abs/dir");
  ModelOptions windows;
  windows.target_platform = "windows/amd64";
  CHECK(build_model(doc, windows).instructions[1].shell.argv ==
        std::vector<std::string>{"cmd", "/S", "/C"});
}

TEST_CASE("COPY heredoc bodies are expanded unless the word is quoted", "[unit][model]") {
  const syntax::Document doc(
      "FROM alpine\n"
      "ARG V=1\n"
      "COPY <<EOF /x\n"
      "v=$V \"q\" 'r' \\$V\n"
      "EOF\n"
      "COPY <<\"EOF\" /y\n"
      "raw $V\n"
      "EOF\n"
      "RUN <<EOF\n"
      "echo $UNSET_IN_SHELL\n"
      "EOF\n");
  const Model m = build_model(doc);
  const InstructionInfo& copy = nth(m, "copy", 0);
  REQUIRE(copy.words.size() == 2);  // the destination and the body
  CHECK(copy.words[1].value() == "v=1 \"q\" 'r' $V\n");
  CHECK(nth(m, "copy", 1).words.size() == 1);  // quoted: the body is not expanded
  // RUN heredocs are left to the shell: no reference to UNSET_IN_SHELL.
  CHECK(std::none_of(m.references.begin(), m.references.end(),
                     [](const VariableReference& r) { return r.use.name == "UNSET_IN_SHELL"; }));
}

TEST_CASE("broken instructions do not break the model", "[unit][model]") {
  // Flags without names, instructions without arguments, stray quotes: the fields the tree
  // lacks are skipped (a COPY with a nameless flag once crashed the builder).
  for (const char* text : {"FROM a\nCOPY -- /a /b\n", "FROM a\nRUN --=x y\n", "FROM\n",
                           "FROM AS x\nFROM x\n", "FROM a AS\n", "ARG\nFROM a\nENV\nUSER\n",
                           "FROM a\nWORKDIR\nSHELL\nCOPY --from\nRUN --mount\nONBUILD\n",
                           "FROM a\nCOPY -\"from=build /x /app\nLABEL =\nEXPOSE\nVOLUME []\n",
                           "FROM a\nENV A=\"x\nUSER ${\n"}) {
    INFO(text);
    const syntax::Document doc(text);
    const Model m = build_model(doc);
    std::size_t froms = 0;
    for (const InstructionInfo& i : m.instructions) froms += i.keyword == "from" ? 1 : 0;
    CHECK(m.stages.size() == froms);
    CHECK((m.final_stage() != nullptr) == (froms > 0));
  }
}

TEST_CASE("rebuilding after an edit follows the new tree", "[unit][model]") {
  syntax::Document doc("ARG V=3.19\nFROM alpine:$V\nUSER app\n");
  CHECK(*build_model(doc).stages[0].base.resolved == "alpine:3.19");
  const std::string_view old = "3.19";
  const auto at = static_cast<uint32_t>(doc.text().find(old));
  doc.edit(at, at + static_cast<uint32_t>(old.size()), "3.20");
  const Model m = build_model(doc);
  CHECK(*m.stages[0].base.resolved == "alpine:3.20");
  CHECK(m.final_stage()->user_at_end.user == "app");
}

}  // namespace
}  // namespace whalesafe::model
