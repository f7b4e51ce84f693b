// Shell text extraction and the map back to the Dockerfile.
#include <catch2/catch.hpp>

#include "shell/shell_analysis.h"
#include "syntax/document.h"
#include "test_support.h"

using namespace whalesafe;
using namespace whalesafe::shell;
using whalesafe::shell::testing::find_word;
using whalesafe::shell::testing::marked;
using whalesafe::shell::testing::slice;

namespace {

std::vector<AnalyzedShell> analyze_text(const syntax::Document& doc) {
  ParseCache cache;
  return analyze_document(doc, cache);
}

}  // namespace

TEST_CASE("a word after a continuation maps to its own bytes", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN apt-get update && \\\n"
      "    wget [[--no-check-certificate]] https://example.com/x.tgz\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.text ==
        "apt-get update &&     wget --no-check-certificate https://example.com/x.tgz");
  const Word* w = find_word(shells[0].script, "--no-check-certificate");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[0]);
  CHECK(w->doc.pieces == std::vector<ByteRange>{m.ranges[0]});
}

TEST_CASE("a word split by a continuation maps to two pieces", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN echo [[--no-check]]\\\n"
      "[[-certificate]] done\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  const Word* w = find_word(shells[0].script, "--no-check-certificate");
  REQUIRE(w != nullptr);
  CHECK(w->doc.pieces == std::vector<ByteRange>{m.ranges[0], m.ranges[1]});
  CHECK(w->doc.covering == ByteRange{m.ranges[0].start, m.ranges[1].end});
}

TEST_CASE("comment and blank lines inside a continuation are not shell text", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN apt-get update && \\\n"
      "    # not for the shell && rm -rf /\n"
      "\n"
      "    apt-get install -y [[curl]]\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.text == "apt-get update &&     apt-get install -y curl");
  CHECK(shells[0].script.commands.size() == 2);
  const Word* w = find_word(shells[0].script, "curl");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[0]);
}

TEST_CASE("the backtick escape directive makes backtick continuations", "[extract]") {
  const auto m = marked(
      "# escape=`\n"
      "FROM windows\n"
      "RUN echo C:\\dir `\n"
      "    [[again]]\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.text == "echo C:\\dir     again");
  const Word* w = find_word(shells[0].script, "again");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[0]);
}

TEST_CASE("RUN <<EOF alone runs the heredoc body as the script", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN <<EOF\n"
      "set -e\n"
      "wget [[-q]] http://x\n"
      "EOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.kind == SourceKind::kHeredocScript);
  CHECK(shells[0].source.text == "set -e\nwget -q http://x\n");
  REQUIRE(shells[0].script.commands.size() == 2);
  const Word* w = find_word(shells[0].script, "-q");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[0]);
}

TEST_CASE("<<- strips leading tabs and keeps the map right", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN <<-EOF\n"
      "\t\techo [[hello]]\n"
      "\tEOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.text == "echo hello\n");
  const Word* w = find_word(shells[0].script, "hello");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[0]);
}

TEST_CASE("a heredoc fed to a shell is a script; one fed to cat is data", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN [[bash -e]] <<EOF\n"
      "apt-get install [[vim]]\n"
      "EOF\n"
      "RUN cat <<EOF > /etc/motd\n"
      "rm -rf /\n"
      "EOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 3);
  // BuildKit appends "\n" + body + terminator to the command line.
  CHECK(shells[0].source.kind == SourceKind::kCommandLine);
  CHECK(shells[0].source.text == "bash -e <<EOF\napt-get install vim\nEOF");
  CHECK_FALSE(shells[0].script.has_errors());
  CHECK(shells[0].script.commands.size() == 1);
  CHECK(shells[0].script.commands[0].doc.covering == m.ranges[0]);
  CHECK(shells[1].source.kind == SourceKind::kHeredocScript);
  CHECK(shells[1].source.interpreter == "bash");
  CHECK(shells[1].source.heredoc_index == std::optional<std::size_t>(0));
  const Word* w = find_word(shells[1].script, "vim");
  REQUIRE(w != nullptr);
  CHECK(w->doc.covering == m.ranges[1]);
  CHECK(shells[2].source.text == "cat <<EOF > /etc/motd\nrm -rf /\nEOF");
  CHECK(shells[2].script.commands.size() == 1);  // `rm` is data, not a command
}

TEST_CASE("a #! heredoc is a script only for a shell interpreter", "[extract]") {
  const syntax::Document doc(
      "FROM debian\n"
      "RUN <<EOF\n"
      "#!/usr/bin/env python3\n"
      "print('hi')\n"
      "EOF\n"
      "RUN <<EOF\n"
      "#!/bin/bash -e\n"
      "echo hi\n"
      "EOF\n");
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.interpreter == "/bin/bash -e");
  CHECK(interpreter_program("/usr/bin/env -S bash -e") == "bash");
  CHECK(is_shell_program("/bin/dash"));
  CHECK_FALSE(is_shell_program("python3"));
}

TEST_CASE("CMD, ENTRYPOINT, HEALTHCHECK CMD and ONBUILD RUN in shell form", "[extract]") {
  const syntax::Document doc(
      "FROM debian\n"
      "CMD echo cmd\n"
      "ENTRYPOINT exec server --port 80\n"
      "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n"
      "HEALTHCHECK NONE\n"
      "ONBUILD RUN make\n"
      "RUN [\"echo\", \"exec form\"]\n"
      "CMD [\"exec\", \"form\"]\n");
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 4);
  CHECK(shells[0].source.keyword == "CMD");
  CHECK(shells[1].source.keyword == "ENTRYPOINT");
  CHECK(shells[2].source.keyword == "HEALTHCHECK");
  CHECK(shells[2].source.text == "curl -f http://localhost/ || exit 1");
  CHECK(shells[3].source.keyword == "RUN");
  CHECK(shells[3].source.onbuild);
}

TEST_CASE("SourceMap maps points, ranges and back", "[extract]") {
  SourceMap map;
  map.add_copy(10, 4);      // shell [0,4) <- doc [10,14)
  map.add_inserted(14, 1);  // shell [4,5) made up
  map.add_copy(20, 3);      // shell [5,8) <- doc [20,23)
  CHECK(map.size() == 8);
  CHECK(map.to_document(2) == 12);
  CHECK(map.to_document(4, /*prefer_end=*/true) == 14);
  CHECK(map.to_document(5) == 20);
  const MappedRange r = map.to_document(ByteRange{2, 7});
  CHECK(r.pieces == std::vector<ByteRange>{{12, 14}, {20, 22}});
  CHECK(r.covering == ByteRange{12, 22});
  const MappedRange inserted = map.to_document(ByteRange{4, 5});
  CHECK(inserted.pieces.empty());
  CHECK(inserted.covering == ByteRange{14, 14});
  CHECK(map.to_shell(21) == std::optional<uint32_t>(6));
  CHECK_FALSE(map.to_shell(16).has_value());
  // Adjacent copies merge: a range across them is one piece.
  SourceMap merged;
  merged.add_copy(0, 3);
  merged.add_copy(3, 3);
  CHECK(merged.to_document(ByteRange{1, 5}).pieces.size() == 1);
}

TEST_CASE("RUN <<EOT bash: the marker moves behind the command for the parser", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN [[<<EOT]] [[bash]] -e && echo done\n"
      "  apt-get install -y [[git]]\n"
      "EOT\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 2);
  CHECK(shells[0].source.text == "bash -e <<EOT && echo done\n  apt-get install -y git\nEOT");
  CHECK_FALSE(shells[0].script.has_errors());
  const Command* bash = whalesafe::shell::testing::find_command(shells[0].script, "bash");
  REQUIRE(bash != nullptr);
  CHECK(bash->name->doc.covering == m.ranges[1]);
  REQUIRE(!bash->redirects.empty());
  CHECK(bash->redirects[0].target->doc.covering ==
        ByteRange{m.ranges[0].start + 2, m.ranges[0].end});
  const Command* echo = whalesafe::shell::testing::find_command(shells[0].script, "echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->connector == Connector::kAnd);
  // The body is a script of its own.
  CHECK(shells[1].source.kind == SourceKind::kHeredocScript);
  const Word* git = find_word(shells[1].script, "git");
  REQUIRE(git != nullptr);
  CHECK(git->doc.covering == m.ranges[2]);
}

TEST_CASE("words after a leading heredoc marker: the command and its redirect", "[extract]") {
  // `RUN <<EOF cat > /x`: the marker comes first; the command, its redirect target and the
  // body map back to their own bytes.
  const auto m = marked(
      "FROM debian\n"
      "RUN [[<<EOF]] [[cat]] > [[/x]]\n"
      "hello [[world]]\n"
      "EOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);  // cat reads the body: it is data, not a script
  CHECK(shells[0].source.kind == SourceKind::kCommandLine);
  CHECK(shells[0].source.text == "cat <<EOF > /x\nhello world\nEOF");
  CHECK_FALSE(shells[0].script.has_errors());
  REQUIRE(shells[0].script.commands.size() == 1);
  const Command& cat = shells[0].script.commands[0];
  REQUIRE(cat.name);
  CHECK(cat.name->doc.covering == m.ranges[1]);
  CHECK(cat.args.empty());
  REQUIRE(cat.redirects.size() == 2);
  // The heredoc redirect maps to the marker's name, the file redirect to `/x`.
  REQUIRE(cat.redirects[0].target);
  CHECK(cat.redirects[0].heredoc);
  CHECK(cat.redirects[0].target->doc.covering == ByteRange{m.ranges[0].start + 2, m.ranges[0].end});
  REQUIRE(cat.redirects[1].target);
  CHECK(cat.redirects[1].target->text() == "/x");
  CHECK(cat.redirects[1].target->doc.covering == m.ranges[2]);
  CHECK(find_word(shells[0].script, "world") == nullptr);
}

TEST_CASE("words after a heredoc marker in the middle: arguments of the command", "[extract]") {
  // `RUN python3 <<EOF arg`: `arg` is python3's argument, after the heredoc redirect.
  const auto m = marked(
      "FROM debian\n"
      "RUN [[python3]] <<EOF [[--verbose]] [[out.txt]]\n"
      "print('hi')\n"
      "EOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 1);  // python3 is no shell: the body is not a script
  CHECK(shells[0].source.text == "python3 <<EOF --verbose out.txt\nprint('hi')\nEOF");
  CHECK_FALSE(shells[0].script.has_errors());
  REQUIRE(shells[0].script.commands.size() == 1);
  const Command& py = shells[0].script.commands[0];
  REQUIRE(py.name);
  CHECK(py.name->doc.covering == m.ranges[0]);
  REQUIRE(py.args.size() == 2);
  CHECK(py.args[0].text() == "--verbose");
  CHECK(py.args[0].doc.covering == m.ranges[1]);
  CHECK(py.args[1].text() == "out.txt");
  CHECK(py.args[1].doc.covering == m.ranges[2]);
  REQUIRE(py.redirects.size() == 1);
  CHECK(py.redirects[0].heredoc);
}

TEST_CASE("a leading marker before a shell with arguments: body script and words", "[extract]") {
  const auto m = marked(
      "FROM debian\n"
      "RUN [[<<EOF]] [[sh]] -s [[--]] [[arg1]]\n"
      "apt-get install [[vim]]\n"
      "EOF\n");
  const syntax::Document doc(m.text);
  const auto shells = analyze_text(doc);
  REQUIRE(shells.size() == 2);
  CHECK(shells[0].source.text == "sh -s -- arg1 <<EOF\napt-get install vim\nEOF");
  CHECK_FALSE(shells[0].script.has_errors());
  const Command* sh = whalesafe::shell::testing::find_command(shells[0].script, "sh");
  REQUIRE(sh != nullptr);
  CHECK(sh->name->doc.covering == m.ranges[1]);
  REQUIRE(sh->args.size() == 3);
  CHECK(sh->args[1].doc.covering == m.ranges[2]);
  CHECK(sh->args[2].doc.covering == m.ranges[3]);
  REQUIRE(sh->redirects.size() == 1);
  CHECK(sh->redirects[0].target->doc.covering == ByteRange{m.ranges[0].start + 2, m.ranges[0].end});
  CHECK(shells[1].source.kind == SourceKind::kHeredocScript);
  const Word* vim = find_word(shells[1].script, "vim");
  REQUIRE(vim != nullptr);
  CHECK(vim->doc.covering == m.ranges[4]);
}
