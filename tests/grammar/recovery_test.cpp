// Error recovery of the Dockerfile grammar.
//
// 1. A broken instruction gives an ERROR (or MISSING) confined to its own line(s), and the
//    instructions around it parse normally. The broken lines are marked with ⟦ ⟧ in the
//    source (the markers are stripped before parsing): every ERROR / MISSING node must lie
//    inside the marked range. ([[ ]] would clash with JSON arrays, hence ⟦ ⟧.)
// 2. Pathological inputs (empty, BOM, CRLF, invalid UTF-8, NUL bytes, EOF inside a
//    continuation / heredoc / JSON array, 5 MB) finish and give a tree. Each runs in a child
//    process with a time and memory limit, so that a hang or a crash names its input.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support.h"

// GCC defines __SANITIZE_ADDRESS__ under -fsanitize=address; clang 14 only answers
// __has_feature(address_sanitizer).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WHALESAFE_CLANG_ASAN 1
#endif
#endif
#ifndef WHALESAFE_CLANG_ASAN
#define WHALESAFE_CLANG_ASAN 0
#endif
namespace gt = whalesafe::grammar_test;
using namespace std::string_literals;

namespace {

// ---------------------------------------------------------------------------------------------
// Broken instructions.

enum class Expect {
  kError,      // BuildKit's parser rejects it too: the tree must have an ERROR / MISSING node
  kMayAccept,  // BuildKit's parser accepts it (a later stage rejects it, or nothing does): the
               // grammar may accept it; if it does not, the error must still be confined
};

struct BrokenCase {
  const char* name;
  std::string source;  // the marked range holds the broken instruction's line(s)
  Expect expect;
  // Types of the top-level named nodes outside the marked range, in order.
  std::vector<std::string> outside;
};

std::vector<BrokenCase> broken_cases() {
  const std::vector<std::string> run_copy = {"from_instruction", "run_instruction",
                                             "copy_instruction"};
  return {
      {"FROM without an image", "FROM alpine AS base\n⟦FROM\n⟧RUN echo hi\nCOPY a /b\n",
       Expect::kMayAccept, run_copy},
      {"FROM with only a flag", "FROM alpine\n⟦FROM --platform=linux/amd64\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"FROM ... AS without a name", "FROM alpine\n⟦FROM alpine AS\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"COPY --from= with an empty value", "FROM alpine\n⟦COPY --from= a\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"ENV with a name and no value", "FROM alpine\n⟦ENV A\n⟧RUN x\nCOPY a b\n", Expect::kError,
       run_copy},
      {"ENV with an empty name", "FROM alpine\n⟦ENV =x\n⟧RUN x\nCOPY a b\n", Expect::kError,
       run_copy},
      {"ARG with an empty name", "FROM alpine\n⟦ARG =1\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept,
       run_copy},
      {"LABEL with an unterminated string", "FROM alpine\n⟦LABEL \"a=1\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"HEALTHCHECK with only a flag",
       "FROM alpine\n⟦HEALTHCHECK --interval=5s\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"HEALTHCHECK with an unknown word",
       "FROM alpine\n⟦HEALTHCHECK --interval=5s FOO\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept,
       run_copy},
      // Valid JSON that is not an array of strings: BuildKit fails ("arrays must be comprised
      // of strings only") instead of falling back to the shell form.
      {"CMD with a nested JSON array", "FROM alpine\n⟦CMD [\"a\", [ \"b\" ] ]\n⟧RUN x\nCOPY a b\n",
       Expect::kError, run_copy},
      {"ENTRYPOINT with a number in the JSON array",
       "FROM alpine\n⟦ENTRYPOINT [\"a\", 1]\n⟧RUN x\nCOPY a b\n", Expect::kError, run_copy},
      {"EXPOSE with an unterminated string", "FROM alpine\n⟦EXPOSE 80 \"x\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},  // BuildKit splits EXPOSE on blanks; quotes are text
      {"WORKDIR with a bad expansion", "FROM alpine\n⟦WORKDIR ${1}\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"USER with an unclosed expansion", "FROM alpine\n⟦USER ${A\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"garbage bytes", "FROM alpine\n⟦\x01\x02\xff\xfe garbage ###\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"a line of punctuation", "FROM alpine\n⟦%%% ^^^ ***\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept,
       run_copy},
      {"FROM with an empty tag", "FROM alpine\n⟦FROM alpine:\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"FROM with an empty digest", "FROM alpine\n⟦FROM alpine@\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"ENV with an unterminated string before a quote on a later line",
       "FROM alpine\n⟦ENV A=\"x\n⟧RUN echo \"y\"\nCOPY a b\n", Expect::kMayAccept, run_copy},
      // BuildKit's parser keeps `${a:b}` as text (only expansion would fail); a later `}` must
      // not pull the next line into the error.
      {"an unknown expansion modifier before a later `}`",
       "FROM alpine\n⟦ARG V=${a:b}\n⟧RUN echo ${V}\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"an unclosed expansion before a later `}`",
       "FROM alpine\n⟦ENV A=${B\n⟧RUN echo ${V}\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"a stray ]", "FROM alpine\n⟦]\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"a stray [", "FROM alpine\n⟦[\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"a stray \"", "FROM alpine\n⟦\"\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept, run_copy},
      {"ONBUILD with garbage", "FROM alpine\n⟦ONBUILD ]\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept,
       run_copy},
      {"ONBUILD FROM without an image", "FROM alpine\n⟦ONBUILD FROM\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"broken instruction continued over lines",
       "FROM alpine\n⟦LABEL a=b \\\n  \"c=d\n⟧RUN x\nCOPY a b\n", Expect::kMayAccept, run_copy},
      // BuildKit reads this as the legacy form: A = "=x \"y".
      {"ENV continued into a legacy value", "FROM alpine\n⟦ENV A \\\n  =x \"y\n⟧RUN x\nCOPY a b\n",
       Expect::kMayAccept, run_copy},
      {"broken instruction at the end without newline", "FROM alpine\nRUN x\nCOPY a b\n⟦ENV =\n⟧",
       Expect::kError, run_copy},
      {"broken instruction last, no final newline", "FROM alpine\nRUN x\nCOPY a b\n⟦FROM⟧",
       Expect::kMayAccept, run_copy},
      {"two broken instructions in a row are each confined",
       "FROM alpine\n⟦ENV =x\nARG =y\n⟧RUN x\nCOPY a b\n", Expect::kError, run_copy},
      {"broken instruction before a heredoc",
       "FROM alpine\n⟦ENV =x\n⟧RUN <<EOF\necho hi\nEOF\nCOPY a b\n", Expect::kError, run_copy},
      {"broken instruction after a heredoc",
       "FROM alpine\nRUN <<EOF\necho hi\nEOF\n⟦ENV =x\n⟧COPY a b\n",
       Expect::kError,
       {"from_instruction", "run_instruction", "copy_instruction"}},
      {"broken instruction between comments",
       "# c1\nFROM alpine\n# c2\n⟦FROM\n⟧# c3\nRUN x\n",
       Expect::kMayAccept,
       {"comment", "from_instruction", "comment", "comment", "run_instruction"}},
      {"broken instruction under escape=`",
       "# escape=`\nFROM alpine\n⟦ENV =x `\n  y\n⟧RUN a `\n  b\n",
       Expect::kError,
       {"parser_directive", "from_instruction", "run_instruction"}},
  };
}

bool inside(TSNode node, std::pair<uint32_t, uint32_t> range) {
  return ts_node_start_byte(node) >= range.first && ts_node_end_byte(node) <= range.second;
}

bool outside(TSNode node, std::pair<uint32_t, uint32_t> range) {
  return ts_node_end_byte(node) <= range.first || ts_node_start_byte(node) >= range.second;
}

// ---------------------------------------------------------------------------------------------
// Running a parse in a child process.

struct ChildResult {
  bool finished = false;
  std::string failure;  // why it did not finish
  std::string output;   // what the child reported
};

constexpr unsigned kChildSeconds = 60;

// Runs `body` (which writes its report to the given stream) in a child with a time limit and an
// address-space limit.
template <typename Body>
ChildResult run_in_child(Body body) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
#if !defined(__SANITIZE_ADDRESS__) && \
    !WHALESAFE_CLANG_ASAN  // ASan reserves terabytes of address space
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = 4ULL << 30;
    setrlimit(RLIMIT_AS, &limit);
#endif
    alarm(kChildSeconds);
    std::ostringstream out;
    body(out);
    const std::string s = out.str();
    size_t written = 0;
    while (written < s.size()) {
      const ssize_t n = write(fds[1], s.data() + written, s.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  ChildResult result;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) result.output.append(buf, n);
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.finished = true;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    result.failure = "did not finish within " + std::to_string(kChildSeconds) + " s (hang)";
  } else if (WIFSIGNALED(status)) {
    result.failure = "crashed with signal " + std::to_string(WTERMSIG(status)) + " (" +
                     strsignal(WTERMSIG(status)) + ")";
  } else {
    result.failure = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return result;
}

// Parses `text` in a child; the report is "tree=<yes|no> errors=<n> end=<byte> seconds=<s>"
// followed by the first problem's description.
ChildResult parse_in_child(const std::string& text) {
  return run_in_child([&text](std::ostream& out) {
    gt::ParserPtr parser = gt::make_parser();
    const auto started = std::chrono::steady_clock::now();
    gt::TreePtr tree = gt::parse(parser.get(), text);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!tree) {
      out << "tree=no";
      return;
    }
    const TSNode root = ts_tree_root_node(tree.get());
    const std::vector<TSNode> found = gt::problems(root);
    out << "tree=yes errors=" << found.size() << " end=" << ts_node_end_byte(root)
        << " type=" << ts_node_type(root) << " seconds=" << seconds << "\n";
    if (!found.empty()) out << gt::describe_problem(text, found.front()) << "\n";
  });
}

std::string field(const std::string& report, const std::string& key) {
  const size_t at = report.find(key + "=");
  if (at == std::string::npos) return "";
  const size_t from = at + key.size() + 1;
  return report.substr(from, report.find_first_of(" \n", from) - from);
}

// A large Dockerfile of about `bytes` bytes, made of varied instructions.
std::string big_dockerfile(size_t bytes) {
  const std::string block =
      "FROM alpine:3.19 AS base\n"
      "# a comment\n"
      "ARG VERSION=1.0\n"
      "ENV A=1 B=\"two words\" C=${A:-x}\n"
      "RUN apt-get update && \\\n    apt-get install -y curl \\\n    && rm -rf "
      "/var/lib/apt/lists/*\n"
      "RUN <<EOF\nset -e\necho \"hello $VERSION\"\nEOF\n"
      "COPY --from=base --chown=1:1 [\"a b\", \"/dst/\"]\n"
      "COPY <<EOT /etc/x\nk=v\nEOT\n"
      "CMD [\"/bin/sh\", \"-c\", \"echo hi\"]\n"
      "HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n"
      "LABEL a=b c=\"d\"\n"
      "EXPOSE 80 443/tcp\n"
      "WORKDIR /app\n"
      "USER 1000\n\n";
  std::string out;
  out.reserve(bytes + block.size());
  while (out.size() < bytes) out += block;
  return out;
}

}  // namespace

TEST_CASE("a broken instruction gives an error confined to its lines", "[recovery]") {
  gt::ParserPtr parser = gt::make_parser();
  for (const BrokenCase& c : broken_cases()) {
    const gt::Marked marked = gt::strip_marks(c.source);
    REQUIRE(marked.ranges.size() == 1);
    const auto range = marked.ranges.front();
    gt::TreePtr tree = gt::parse(parser.get(), marked.text);
    REQUIRE(tree != nullptr);
    const TSNode root = ts_tree_root_node(tree.get());
    const std::vector<TSNode> found = gt::problems(root);

    std::ostringstream context;
    context << "case: " << c.name << "\ninput: \"" << gt::escape(marked.text)
            << "\"\nbroken range: [" << range.first << "-" << range.second << "] \""
            << gt::escape(
                   std::string_view(marked.text).substr(range.first, range.second - range.first))
            << "\"\ntree: " << gt::sexp(root) << "\n";
    for (const TSNode p : found)
      context << "problem: " << gt::describe_problem(marked.text, p) << "\n";
    INFO(context.str());
    std::cout << (found.empty() ? "accepted  " : "rejected  ") << c.name << "\n";

    if (c.expect == Expect::kError) CHECK_FALSE(found.empty());
    for (const TSNode p : found) CHECK(inside(p, range));

    // The nodes outside the broken lines are the expected instructions, without errors.
    std::vector<std::string> outside_types;
    const uint32_t count = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < count; ++i) {
      const TSNode child = ts_node_named_child(root, i);
      if (!outside(child, range)) continue;
      outside_types.emplace_back(ts_node_type(child));
      CHECK_FALSE(ts_node_has_error(child));
    }
    CHECK(outside_types == c.outside);
  }
}

TEST_CASE("every broken line before every kind of following line stays confined", "[recovery]") {
  // Broken lines (one instruction each) crossed with valid lines full of the characters error
  // recovery likes to resynchronise on (quotes, braces, brackets, heredocs). The broken line's
  // errors must stay on it, and the following line must parse cleanly as its instruction.
  const std::vector<std::pair<std::string, Expect>> broken = {
      {"FROM\n", Expect::kMayAccept},
      {"FROM --platform=linux/amd64\n", Expect::kMayAccept},
      {"FROM alpine AS\n", Expect::kMayAccept},
      {"FROM a AS b c\n", Expect::kMayAccept},
      {"FROM --platform=${X\n", Expect::kMayAccept},
      {"FROM alpine:\n", Expect::kMayAccept},
      {"ENV A\n", Expect::kError},
      {"ENV =x\n", Expect::kError},
      {"ENV A=\"x\n", Expect::kMayAccept},
      {"ENV A=${B\n", Expect::kMayAccept},
      {"ENV A=${B:-x\n", Expect::kMayAccept},
      {"ENV A=$\n", Expect::kMayAccept},
      {"ARG =1\n", Expect::kMayAccept},
      {"ARG a=${b}c\"\n", Expect::kMayAccept},
      {"LABEL a=b c\n", Expect::kError},
      {"LABEL \"a=1\n", Expect::kMayAccept},
      {"LABEL a='x\n", Expect::kMayAccept},
      {"HEALTHCHECK --interval=5s FOO\n", Expect::kMayAccept},
      {"CMD [\"a\", [ \"b\" ] ]\n", Expect::kError},
      {"CMD [\"a\", {\"b\": 1}]\n", Expect::kError},
      {"EXPOSE 80 \"x\n", Expect::kMayAccept},
      {"WORKDIR 'a\n", Expect::kMayAccept},
      {"USER ${\n", Expect::kMayAccept},
      {"COPY a $\n", Expect::kMayAccept},
      {"COPY --chown=\"a\n", Expect::kMayAccept},
      {"ONBUILD ]\n", Expect::kMayAccept},
      {"ONBUILD FROM\n", Expect::kMayAccept},
      {"]\n", Expect::kMayAccept},
      {"[\n", Expect::kMayAccept},
      {"\"\n", Expect::kMayAccept},
      {"}\n", Expect::kMayAccept},
      {"${\n", Expect::kMayAccept},
      {"=\n", Expect::kMayAccept},
      {"--from=x\n", Expect::kMayAccept},
      {"\x01\x02\xff\xfe garbage\n", Expect::kMayAccept},
      {"%%% ^^^ ***\n", Expect::kMayAccept},
  };
  const std::vector<std::pair<std::string, std::string>> following = {
      {"RUN echo \"x\" 'y' ${V} [a] } \\\n  done\n", "run_instruction"},
      {"RUN [\"sh\", \"-c\", \"echo }\"]\n", "run_instruction"},
      {"RUN <<EOF\nbody } \" ] '\nEOF\n", "run_instruction"},
      {"ENV A=\"b\" C=${D:-e} F='g'\n", "env_instruction"},
      {"ENV A b c\n", "env_instruction"},
      {"ARG X=${Y}\n", "arg_instruction"},
      {"CMD [\"a\", \"b\"]\n", "cmd_instruction"},
      {"CMD echo }\n", "cmd_instruction"},
      {"LABEL \"k\"='v' x=\"}\"\n", "label_instruction"},
      {"COPY --from=x [\"a\", \"b\"]\n", "copy_instruction"},
      {"COPY <<EOF /x\n}\nEOF\n", "copy_instruction"},
      {"USER ${U}:${G}\n", "user_instruction"},
      {"WORKDIR \"/a b\"\n", "workdir_instruction"},
      {"EXPOSE 80 443/tcp\n", "expose_instruction"},
      {"ONBUILD RUN x\n", "onbuild_instruction"},
      {"HEALTHCHECK NONE\n", "healthcheck_instruction"},
      {"FROM b:1 AS c\n", "from_instruction"},
      {"# comment \" } ] '\n", "comment"},
      {"foo-bar baz\n", "unknown_instruction"},
  };
  gt::ParserPtr parser = gt::make_parser();
  size_t failures = 0;
  for (const auto& [bad, expect] : broken) {
    for (const auto& [good, good_type] : following) {
      const std::string head = "FROM alpine\n";
      const std::string text = head + bad + good + "COPY a b\n";
      const std::pair<uint32_t, uint32_t> range{static_cast<uint32_t>(head.size()),
                                                static_cast<uint32_t>(head.size() + bad.size())};
      gt::TreePtr tree = gt::parse(parser.get(), text);
      const TSNode root = ts_tree_root_node(tree.get());
      const std::vector<TSNode> found = gt::problems(root);
      bool ok = expect == Expect::kMayAccept || !found.empty();
      for (const TSNode p : found) ok = ok && inside(p, range);
      std::vector<std::string> outside_types;
      bool clean_outside = true;
      const uint32_t count = ts_node_named_child_count(root);
      for (uint32_t i = 0; i < count; ++i) {
        const TSNode child = ts_node_named_child(root, i);
        if (!outside(child, range)) continue;
        outside_types.emplace_back(ts_node_type(child));
        clean_outside = clean_outside && !ts_node_has_error(child);
      }
      ok = ok && clean_outside &&
           outside_types ==
               std::vector<std::string>{"from_instruction", good_type, "copy_instruction"};
      if (ok) continue;
      ++failures;
      std::ostringstream msg;
      msg << "broken line \"" << gt::escape(bad) << "\" before \"" << gt::escape(good)
          << "\"\ninput: \"" << gt::escape(text) << "\"\ntree: " << gt::sexp(root) << "\n";
      for (const TSNode p : found) msg << "problem: " << gt::describe_problem(text, p) << "\n";
      if (failures <= 20) FAIL_CHECK(msg.str());
    }
  }
  INFO(failures << " of " << broken.size() * following.size() << " combinations failed");
  CHECK(failures == 0);
}

TEST_CASE("JSON exec form is recognized as BuildKit recognizes it", "[recovery]") {
  struct Case {
    std::string text;
    const char* command;  // the type of the cmd_instruction's command field
  };
  const std::vector<Case> cases = {
      {"CMD [\"a\", \"b\"]\n", "json_string_array"},
      {"CMD [ ]\n", "json_string_array"},
      // Not JSON (json.Unmarshal fails): shell form.
      {"CMD [\"a\" \"b\"]\n", "shell_command"},
      {"CMD [ \"b\" ] x\n", "shell_command"},
      {"CMD [\"a\", \n", "shell_command"},
      {"CMD ['a']\n", "shell_command"},
  };
  gt::ParserPtr parser = gt::make_parser();
  for (const Case& c : cases) {
    gt::TreePtr tree = gt::parse(parser.get(), c.text);
    const TSNode root = ts_tree_root_node(tree.get());
    INFO("input: \"" << gt::escape(c.text) << "\"\ntree: " << gt::sexp(root));
    CHECK_FALSE(ts_node_has_error(root));
    const TSNode cmd = ts_node_named_child(root, 0);
    CHECK(std::string(ts_node_type(cmd)) == "cmd_instruction");
    const TSNode command = ts_node_child_by_field_name(cmd, "command", 7);
    REQUIRE_FALSE(ts_node_is_null(command));
    CHECK(std::string(ts_node_type(command)) == c.command);
  }
}

TEST_CASE("pathological inputs finish and give a tree", "[recovery]") {
  struct Input {
    std::string name;
    std::string text;
    bool clean;  // must also parse without ERROR / MISSING
  };
  const std::vector<Input> inputs = {
      {"empty input", "", true},
      {"whitespace only", "  \t \n\n \t\n   ", true},
      {"newlines only", "\n\n\n", true},
      {"CR only", "\r\r\r", false},
      {"a BOM only", "\xef\xbb\xbf", true},
      {"a BOM then instructions",
       "\xef\xbb\xbf"
       "FROM alpine\nRUN echo hi\n",
       true},
      {"a BOM then a directive", "\xef\xbb\xbf# escape=`\nFROM alpine\nRUN a `\n  b\n", true},
      {"CRLF line endings", "FROM alpine\r\nRUN echo a \\\r\n  b\r\nCMD [\"x\"]\r\n", true},
      {"CRLF heredoc", "FROM alpine\r\nRUN <<EOF\r\necho a\r\nEOF\r\nCMD x\r\n", true},
      {"invalid UTF-8 in shell text", "FROM alpine\nRUN echo \xff\xfe\xc3\x28\n", false},
      {"invalid UTF-8 in a keyword position", "\xc3\x28\xa0\xa1\nFROM a\n", false},
      {"truncated UTF-8 at EOF", "FROM alpine\nRUN echo \xe6\x97", false},
      {"NUL bytes", "FROM alpine\nRUN a\0b\nCMD \0\n"s, false},
      {"only NUL bytes", "\0\0\0\0"s, false},
      {"NUL in a heredoc", "FROM a\nRUN <<EOF\n\0\nEOF\n"s, false},
      {"EOF after a continuation", "FROM alpine\nRUN echo a \\", false},
      {"EOF after a continuation and newline", "FROM alpine\nRUN echo a \\\n", false},
      {"EOF after a backtick continuation", "# escape=`\nFROM alpine\nRUN echo a `", false},
      {"EOF inside a heredoc", "FROM alpine\nRUN <<EOF\necho a\n", false},
      {"EOF right after a heredoc marker", "FROM alpine\nRUN <<EOF", false},
      {"EOF inside a heredoc marker", "FROM alpine\nRUN <<", false},
      {"EOF inside a JSON array", "FROM alpine\nCMD [\"a\", ", false},
      {"EOF inside a JSON string", "FROM alpine\nCMD [\"a", false},
      {"EOF after [", "FROM alpine\nCMD [", false},
      {"EOF inside an expansion", "FROM alpine\nENV A=${B", false},
      {"EOF inside a directive", "# escape=", false},
      {"EOF after a flag", "FROM alpine\nCOPY --from=", false},
      {"a lone backslash", "\\", false},
      {"many continuations", std::string(5000, '\\') + "\n", false},
      {"continuation lines only", "RUN \\\n\\\n\\\n\\\n", false},
      {"deeply bracketed", "CMD " + std::string(20000, '['), false},
      {"many heredoc markers",
       "RUN" +
           [] {
             std::string s;
             for (int i = 0; i < 2000; ++i) s += " <<E" + std::to_string(i);
             return s + "\n";
           }(),
       false},
      {"a 1 MB line", "RUN " + std::string(1 << 20, 'a') + "\n", true},
      {"a 1 MB comment", "# " + std::string(1 << 20, 'c'), true},
      {"a 1 MB heredoc", "RUN <<EOF\n" + std::string(1 << 20, 'h') + "\nEOF\n", true},
      {"random bytes",
       [] {
         std::string s;
         uint32_t x = 12345;
         for (int i = 0; i < 200000; ++i) {
           x = x * 1103515245 + 12345;
           s += static_cast<char>(x >> 16);
         }
         return s;
       }(),
       false},
  };
  for (const Input& in : inputs) {
    const ChildResult r = parse_in_child(in.text);
    INFO("input: " << in.name << " (" << in.text.size() << " bytes)\nchild: "
                   << (r.finished ? "finished" : r.failure) << "\nreport: " << r.output);
    CHECK(r.finished);
    CHECK(field(r.output, "tree") == "yes");
    CHECK(field(r.output, "type") == "source_file");
    if (r.finished && field(r.output, "tree") == "yes") {
      CHECK(std::stoul(field(r.output, "end")) <= in.text.size());
      if (in.clean) CHECK(field(r.output, "errors") == "0");
    }
  }
}

TEST_CASE("a 5 MB Dockerfile parses, in time linear in its size", "[recovery][performance]") {
  const std::string one = big_dockerfile(1 << 20);
  const std::string five = big_dockerfile(5 << 20);
  const ChildResult r1 = parse_in_child(one);
  const ChildResult r5 = parse_in_child(five);
  INFO("1 MB: " << (r1.finished ? r1.output : r1.failure));
  INFO("5 MB: " << (r5.finished ? r5.output : r5.failure));
  REQUIRE(r1.finished);
  REQUIRE(r5.finished);
  CHECK(field(r5.output, "tree") == "yes");
  CHECK(field(r5.output, "errors") == "0");
  const double s1 = std::stod(field(r1.output, "seconds"));
  const double s5 = std::stod(field(r5.output, "seconds"));
  std::cout << "parse time: " << one.size() << " bytes in " << s1 << " s, " << five.size()
            << " bytes in " << s5 << " s (" << five.size() / s5 / (1 << 20) << " MiB/s)\n";
  // Linear: 5x the input may take up to ~12x the time (noise on a loaded machine).
  CHECK(s5 < 12 * s1 + 0.5);
}
