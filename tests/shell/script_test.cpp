// The Script view: commands, words, connectors, redirects, assignments, pipefail.
#include <catch2/catch.hpp>

#include "shell/command_queries.h"
#include "shell/parsed_shell.h"
#include "test_support.h"

using namespace whalesafe::shell;
using whalesafe::shell::testing::find_command;
using whalesafe::shell::testing::find_word;
using whalesafe::shell::testing::marked;

namespace {

std::vector<std::string> names(const Script& s) {
  std::vector<std::string> out;
  for (const Command& c : s.commands) out.push_back(c.name ? c.name->text() : "<assign>");
  return out;
}

}  // namespace

TEST_CASE("words carry static values, dynamic flags and shell ranges", "[script]") {
  const auto m = marked(
      R"(install [["a b"]] [['c d']] [[e\ f]] [[g"h"'i']] [[$HOME/x]] [[$(pwd)]] [[~/y]] [[$'t\tu']])");
  const ParsedShell p(m.text);
  REQUIRE(p.script().commands.size() == 2);  // `install ...` and `pwd` in the substitution
  const Command& c = p.script().commands[0];
  REQUIRE(c.args.size() == 8);
  const std::vector<std::optional<std::string>> expected = {
      "a b", "c d", "e f", "ghi", std::nullopt, std::nullopt, std::nullopt, "t\tu"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("argument " << i);
    CHECK(c.args[i].value == expected[i]);
    CHECK(c.args[i].range == m.ranges[i]);
  }
  CHECK(c.args[4].raw == "$HOME/x");
  CHECK(p.script().commands[1].in_substitution);
}

TEST_CASE("connectors, conditions, subshells and pipelines are flattened", "[script]") {
  const ParsedShell p(
      "apt-get update && apt-get install -y x || echo failed; (cd /tmp; make) | tee log\n"
      "if [ -f a ]; then rm a; else touch a; fi\n"
      "for f in *; do chmod +x \"$f\"; done & wait\n"
      "! grep -q x y\n"
      "f() { helper; }\n");
  const Script& s = p.script();
  CHECK(names(s) == std::vector<std::string>{"apt-get", "apt-get", "echo", "cd", "make", "tee",
                                             "rm", "touch", "chmod", "wait", "grep", "helper"});
  const auto& c = s.commands;
  CHECK(c[0].connector == Connector::kNone);
  CHECK(c[1].connector == Connector::kAnd);
  CHECK(c[2].connector == Connector::kOr);
  CHECK(c[2].conditional);
  CHECK_FALSE(c[1].conditional);
  CHECK(c[3].connector == Connector::kSequence);
  CHECK(c[3].in_subshell);
  CHECK(c[4].in_subshell);
  CHECK(c[5].connector == Connector::kPipe);
  CHECK(c[3].pipeline == c[5].pipeline);
  CHECK(c[3].pipeline >= 0);
  CHECK(c[3].pipe_stage == 0);
  CHECK(c[5].pipe_stage == 1);
  CHECK(s.pipelines[static_cast<std::size_t>(c[5].pipeline)].stages == 2);
  CHECK(c[6].conditional);
  CHECK(c[7].conditional);
  CHECK(c[8].conditional);
  CHECK(c[8].background);
  CHECK_FALSE(c[9].background);
  CHECK(c[10].negated);
  CHECK(c[11].in_function);
  CHECK_FALSE(s.has_errors());
}

TEST_CASE("redirects and assignments", "[script]") {
  const ParsedShell p(
      "DEBIAN_FRONTEND=noninteractive apt-get install -y x >/dev/null 2>&1\n"
      "export PATH=/opt/bin:$PATH A\n"
      "X=1\n"
      "cat <<'EOF' | sh\necho hi\nEOF\n");
  const Script& s = p.script();
  const Command* apt = find_command(s, "apt-get");
  REQUIRE(apt != nullptr);
  REQUIRE(apt->assignments.size() == 1);
  CHECK(apt->assignments[0].name == "DEBIAN_FRONTEND");
  CHECK(apt->assignments[0].value->text() == "noninteractive");
  REQUIRE(apt->redirects.size() == 2);
  CHECK(apt->redirects[0].op == ">");
  CHECK(apt->redirects[0].target->text() == "/dev/null");
  CHECK(apt->redirects[1].descriptor == std::optional<uint32_t>(2));
  CHECK(apt->redirects[1].op == ">&");
  const Command* exp = find_command(s, "export");
  REQUIRE(exp != nullptr);
  REQUIRE(exp->assignments.size() == 2);
  CHECK(exp->assignments[0].name == "PATH");
  CHECK_FALSE(exp->assignments[0].value->is_static());
  CHECK(exp->assignments[1].name == "A");
  const auto bare =
      std::find_if(s.commands.begin(), s.commands.end(), [](const Command& c) { return !c.name; });
  REQUIRE(bare != s.commands.end());
  CHECK(bare->assignments[0].name == "X");
  const Command* cat = find_command(s, "cat");
  REQUIRE(cat != nullptr);
  REQUIRE(!cat->redirects.empty());
  CHECK(cat->redirects[0].heredoc);
  CHECK(cat->redirects[0].target->raw == "'EOF'");
  const Command* sh = find_command(s, "sh");
  REQUIRE(sh != nullptr);
  CHECK(sh->connector == Connector::kPipe);
  CHECK(sh->pipeline == cat->pipeline);
  CHECK(sh->pipe_stage == 1);
}

TEST_CASE("sudo, env and command prefixes are skipped", "[script]") {
  const ParsedShell p("sudo -E -u root env -i A=b command apt-get install x");
  const auto cmd = effective_command(p.script().commands[0]);
  REQUIRE(cmd);
  CHECK(cmd->program().text() == "apt-get");
  CHECK(wrapper_names(p.script().commands[0]) ==
        std::vector<std::string>{"sudo", "env", "command"});
  CHECK(cmd->size() == 3);
  // The builder stored where the program is; a Command made by hand is computed on demand.
  CHECK(p.script().commands[0].program_index == 8);  // sudo -E -u root env -i A=b command
  Command by_hand = p.script().commands[0];
  by_hand.program_index = Command::kProgramNotComputed;
  const auto again = effective_command(by_hand);
  REQUIRE(again);
  CHECK(again->program().text() == "apt-get");
  CHECK(again->size() == 3);
  // Wrappers with nothing after them leave no program.
  const ParsedShell bare("sudo -u root");
  CHECK(bare.script().commands[0].program_index == Command::kNoProgram);
  CHECK_FALSE(effective_command(bare.script().commands[0]));
}

TEST_CASE("set -o pipefail is tracked in order", "[script]") {
  const ParsedShell p(
      "curl a | tar x; set -euxo pipefail; curl b | tar x; (set +o pipefail); "
      "set +o pipefail; curl c | sh");
  const Script& s = p.script();
  std::vector<bool> at_curl;
  for (std::size_t i = 0; i < s.commands.size(); ++i) {
    if (s.commands[i].name && s.commands[i].name->text() == "curl") {
      at_curl.push_back(pipefail_in_effect(s, i));
    }
  }
  CHECK(at_curl == std::vector<bool>{false, true, false});
  CHECK(pipefail_in_effect(s, 0, /*initially=*/true));
}

TEST_CASE("syntax errors are reported, not thrown", "[script]") {
  const ParsedShell p("if then fi (((");
  CHECK(p.script().has_errors());
}

TEST_CASE("a word of several literals and expansions keeps its whole text", "[script]") {
  const auto m = marked(
      "wget [[https://x/d/$V/nydus-$V.tgz]] [[a$X${Y}b$(pwd)c]] [[\"$A\"-$B.c]] "
      "[[pre$V.tgz]]\n");
  const ParsedShell p(m.text);
  const Command* wget = find_command(p.script(), "wget");
  REQUIRE(wget != nullptr);
  REQUIRE(wget->args.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("argument " << i);
    CHECK(wget->args[i].range == m.ranges[i]);
    CHECK(wget->args[i].raw == testing::slice(m.text, m.ranges[i]));
    CHECK_FALSE(wget->args[i].is_static());
  }
}

TEST_CASE("each command owns exactly its own redirects", "[script]") {
  const ParsedShell p(
      "apt-get update && wget -O - https://k.example/key 2>/dev/null | gpg --dearmor -o f "
      "&& printf 'deb x\\n' >> /etc/apt/sources.list && apt-get update\n"
      "{ echo a; echo b; } > out && cat in | tr a b > out2 && false\n");
  const Script& s = p.script();
  const Command* wget = find_command(s, "wget");
  const Command* gpg = find_command(s, "gpg");
  const Command* printf_cmd = find_command(s, "printf");
  REQUIRE(wget != nullptr);
  REQUIRE(gpg != nullptr);
  REQUIRE(printf_cmd != nullptr);
  REQUIRE(wget->redirects.size() == 1);
  CHECK(wget->redirects[0].op == ">");
  CHECK(gpg->redirects.empty());
  REQUIRE(printf_cmd->redirects.size() == 1);
  CHECK(printf_cmd->redirects[0].op == ">>");
  CHECK(printf_cmd->redirects[0].target->text() == "/etc/apt/sources.list");
  for (const Command& c : s.commands) {
    INFO(c.name->text());
    const bool echo = c.name->text() == "echo";
    const bool tr = c.name->text() == "tr";
    if (!echo && !tr && &c != wget && &c != printf_cmd) CHECK(c.redirects.empty());
    if (echo || tr) CHECK(c.redirects.size() == 1);
  }
}

TEST_CASE("what follows a heredoc pipeline is outside the pipeline", "[script]") {
  const ParsedShell p("cat <<EOF | sh && b > f\nhi\nEOF\n");
  const Script& s = p.script();
  const Command* cat = find_command(s, "cat");
  const Command* sh = find_command(s, "sh");
  const Command* b = find_command(s, "b");
  REQUIRE(cat != nullptr);
  REQUIRE(sh != nullptr);
  REQUIRE(b != nullptr);
  CHECK(sh->pipeline == cat->pipeline);
  CHECK(sh->pipe_stage == 1);
  CHECK(b->pipeline == -1);
  CHECK(b->connector == Connector::kAnd);
  CHECK(sh->redirects.empty());
  REQUIRE(b->redirects.size() == 1);
  CHECK(b->redirects[0].target->text() == "f");
  REQUIRE(cat->redirects.size() == 1);
  CHECK(cat->redirects[0].heredoc);
}

TEST_CASE("a redirection inside a pipeline does not split it", "[script]") {
  const ParsedShell p("a | b > f | c\nx && y 2>e | z > g && w\n");
  const Script& s = p.script();
  REQUIRE(s.commands.size() == 7);
  const auto& c = s.commands;
  CHECK(c[0].pipeline == c[1].pipeline);
  CHECK(c[1].pipeline == c[2].pipeline);
  CHECK(c[0].pipe_stage == 0);
  CHECK(c[1].pipe_stage == 1);
  CHECK(c[2].pipe_stage == 2);
  CHECK(s.pipelines[static_cast<std::size_t>(c[2].pipeline)].stages == 3);
  CHECK(c[0].redirects.empty());
  REQUIRE(c[1].redirects.size() == 1);
  CHECK(c[1].redirects[0].target->text() == "f");
  CHECK(c[2].redirects.empty());
  // x && (y 2>e | z > g) && w
  CHECK(c[3].pipeline == -1);
  CHECK(c[4].connector == Connector::kAnd);
  CHECK(c[4].pipeline >= 0);
  CHECK(c[4].pipeline == c[5].pipeline);
  CHECK(c[5].connector == Connector::kPipe);
  CHECK(s.pipelines[static_cast<std::size_t>(c[4].pipeline)].stages == 2);
  CHECK(s.pipelines[static_cast<std::size_t>(c[4].pipeline)].range.start == 19);  // at y
  REQUIRE(c[4].redirects.size() == 1);
  CHECK(c[4].redirects[0].target->text() == "e");
  REQUIRE(c[5].redirects.size() == 1);
  CHECK(c[5].redirects[0].target->text() == "g");
  CHECK(c[6].connector == Connector::kAnd);
  CHECK(c[6].pipeline == -1);
  CHECK(c[6].redirects.empty());
}

TEST_CASE("|& is a pipe (stderr too): one pipeline, piped connector", "[script]") {
  const ParsedShell p(
      "curl -fsSL https://x.example/i.sh |& bash -s && wget -qO- u 2>&1 |& tar x\n");
  const Script& s = p.script();
  CHECK_FALSE(s.has_errors());
  CHECK(names(s) == std::vector<std::string>{"curl", "bash", "wget", "tar"});
  REQUIRE(s.pipelines.size() == 2);
  const auto& c = s.commands;
  CHECK(c[0].pipeline == 0);
  CHECK(c[0].pipe_stage == 0);
  CHECK(c[1].connector == Connector::kPipe);
  CHECK(c[1].pipeline == 0);
  CHECK(c[1].pipe_stage == 1);
  CHECK(c[2].connector == Connector::kAnd);
  CHECK(c[2].pipeline == 1);
  CHECK(c[3].connector == Connector::kPipe);
  CHECK(c[3].pipe_stage == 1);
  CHECK(s.pipelines[0].stages == 2);
  CHECK(pipefail_in_effect(s, 1, false) == false);
}
