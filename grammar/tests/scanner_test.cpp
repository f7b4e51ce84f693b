// Unit tests of the external scanner (grammar/src/scanner.c), driven through a fake TSLexer
// (scanner_fake_lexer.h), plus whole parses of BuildKit's conformance inputs that exercise it
// (heredocs, continuations, JSON exec form), read in place from the shared reference data.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tree_sitter/api.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "scanner_fake_lexer.h"

extern "C" const TSLanguage* tree_sitter_dockerfile(void);

using namespace scanner_test;
using V = std::vector<int>;

// Valid sets of the grammar's parse states (external_scanner.states in parser.c), without the
// always-valid LINE_CONTINUATION.
static const V LINE_START{};                                      // start of a line
static const V FILE_START{PARSER_DIRECTIVE};                      // leading directive zone
static const V TEXT_ONLY{TEXT_FIRST};                             // MAINTAINER, ENV k v, unknown
static const V RUN_ARGS{TEXT_FIRST, HEREDOC_MARKER, JSON_ARRAY_START};
static const V CMD_ARGS{TEXT_FIRST, JSON_ARRAY_START};
static const V COPY_ARGS{HEREDOC_MARKER, JSON_ARRAY_START};
static const V JSON_ONLY{JSON_ARRAY_START};                       // VOLUME
static const V TEXT_MORE{TEXT};                                   // later CMD fragments
static const V RUN_MORE{TEXT, HEREDOC_MARKER, HEREDOC_NEWLINE};   // after RUN text / marker
static const V HD_NEWLINE{HEREDOC_NEWLINE};                       // after a heredoc
static const V COPY_MORE{HEREDOC_MARKER, HEREDOC_NEWLINE};        // after a COPY path/marker
static const V BODY{HEREDOC_CONTENT, HEREDOC_END};
static const V END_ONLY{HEREDOC_END};
// Words lexed by the DFA, whose escape chars the scanner lexes.
static const V WORD_START{ESCAPE, LITERAL};                       // a word may start here
static const V PATH_MORE{IMMEDIATE_ESCAPE, IMMEDIATE_LITERAL, ESCAPE, LITERAL};  // after a path
static const V VALUE_MORE{IMMEDIATE_ESCAPE, IMMEDIATE_LITERAL, ESCAPED_BLANK, ESCAPE,
                          LITERAL};                               // after an ENV value piece
static const V IN_SINGLE_QUOTES{IMMEDIATE_LITERAL, UNCLOSED_QUOTE};
static const V IN_DOUBLE_QUOTES{IMMEDIATE_ESCAPE, IMMEDIATE_LITERAL, ESCAPED_BLANK,
                                UNCLOSED_QUOTE};

// ---------------------------------------------------------------------------------------------
// Line continuations
// ---------------------------------------------------------------------------------------------

TEST_CASE("line continuation: escape, blanks, newline", "[scanner][continuation]") {
  SECTION("plain") {
    Runner r("\\\nx");
    CHECK(r.scan(LINE_START) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.rest() == "x");
  }
  SECTION("blanks before and after the escape char; CRLF") {
    Runner r("  \\ \t\r\nx");
    auto t = r.scan(LINE_START);
    CHECK(t == tok(LINE_CONTINUATION, "\\ \t\r\n"));
    CHECK(t->start == 2);
  }
  SECTION("at EOF (continue-at-eof)") {
    Runner r("\\");
    CHECK(r.scan(LINE_START) == tok(LINE_CONTINUATION, "\\"));
    Runner r2("\\  ");
    CHECK(r2.scan(LINE_START) == tok(LINE_CONTINUATION, "\\  "));
  }
  SECTION("absorbs blank and comment lines, not the next content line") {
    Runner r("\\\n\n   \n# comment \\\n  \t# indented comment\n\t\r\n  next");
    CHECK(r.scan(LINE_START) ==
          tok(LINE_CONTINUATION, "\\\n\n   \n# comment \\\n  \t# indented comment\n\t\r\n"));
    CHECK(r.rest() == "  next");
  }
  SECTION("a trailing blank line without newline is absorbed") {
    Runner r("\\\n  ");
    CHECK(r.scan(LINE_START) == tok(LINE_CONTINUATION, "\\\n  "));
    CHECK(r.at_end());
  }
  SECTION("an escape char followed by text is no continuation") {
    Runner r("\\x\n");
    CHECK(r.scan(LINE_START) == std::nullopt);
    CHECK(r.scan(COPY_ARGS) == std::nullopt);
  }
  SECTION("a line holding only the escape char is its own continuation") {
    Runner r("\\\n\\\nworld");
    CHECK(r.scan(TEXT_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(TEXT_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(TEXT_MORE) == tok(TEXT, "world"));
  }
  SECTION("the backtick is no escape char by default") {
    Runner r("`\n");
    CHECK(r.scan(LINE_START) == std::nullopt);
  }
}

TEST_CASE("line continuation: two escape chars do not continue (trailing-backslash)",
          "[scanner][continuation]") {
  SECTION("double") {
    Runner r("MAINTAINER trailing\\\\backslash\\\\\nENV D");
    REQUIRE(r.dfa("MAINTAINER"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "trailing\\\\backslash\\\\"));
    CHECK(r.rest() == "\nENV D");
  }
  SECTION("triple: BuildKit's regexp needs a non-escape char before the last one") {
    Runner r("MAINTAINER a\\\\\\\nb");
    REQUIRE(r.dfa("MAINTAINER"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "a\\\\\\"));
  }
  SECTION("escape, blank, escape: the last one continues") {
    Runner r("MAINTAINER a\\ \\\nb");
    REQUIRE(r.dfa("MAINTAINER"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "a\\ "));
    CHECK(r.scan(TEXT_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(TEXT_MORE) == tok(TEXT, "b"));
  }
}

// ---------------------------------------------------------------------------------------------
// Escape chars inside DFA-lexed words
// ---------------------------------------------------------------------------------------------

TEST_CASE("words: the escape char and the other one", "[scanner][words]") {
  SECTION("escape char + char: one escape sequence, immediate after a word piece") {
    Runner r("ENV a=b\\$x\n");
    REQUIRE(r.dfa("ENV a=b"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "\\$"));
    CHECK(r.rest() == "x\n");
  }
  SECTION("after blanks: a word starts with it") {
    Runner r("COPY \\$x /d\n");
    REQUIRE(r.dfa("COPY"));
    CHECK(r.scan(WORD_START) == tok(ESCAPE, "\\$"));
    Runner r2("COPY a \\$x /d\n");
    REQUIRE(r2.dfa("COPY a"));
    CHECK(r2.scan(PATH_MORE) == tok(ESCAPE, "\\$"));
  }
  SECTION("a multi-byte char is escaped whole") {
    Runner r("ENV a=b\\\u2603c\n");
    REQUIRE(r.dfa("ENV a=b"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "\\\u2603"));
  }
  SECTION("escape char + blank: escaped blank in ENV words, word end in COPY words") {
    Runner r("ENV a=b\\  c\n");
    REQUIRE(r.dfa("ENV a=b"));
    CHECK(r.scan(VALUE_MORE) == tok(ESCAPED_BLANK, "\\ "));
    CHECK(r.rest() == " c\n");
    Runner r2("COPY a\\ b\n");
    REQUIRE(r2.dfa("COPY a"));
    CHECK(r2.scan(PATH_MORE) == tok(IMMEDIATE_LITERAL, "\\"));
    CHECK(r2.rest() == " b\n");
  }
  SECTION("escape char + blanks + line end: a continuation, wherever it is") {
    for (const V& valid : {VALUE_MORE, PATH_MORE, IN_DOUBLE_QUOTES, IN_SINGLE_QUOTES}) {
      Runner r("ENV a=b\\ \t\nc\n");
      REQUIRE(r.dfa("ENV a=b"));
      CHECK(r.scan(valid) == tok(LINE_CONTINUATION, "\\ \t\n"));
    }
  }
  SECTION("the backtick is an ordinary char under the default escape char") {
    Runner r("ENV a=b`\"\n");
    REQUIRE(r.dfa("ENV a=b"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_LITERAL, "`"));
    CHECK(r.rest() == "\"\n");
  }
  SECTION("under escape=`, the backslash is the ordinary one") {
    Runner r("# escape=`\nENV a=C:\\`\"\\\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\nENV a=C:"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_LITERAL, "\\"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "`\""));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_LITERAL, "\\"));
    CHECK(r.rest() == "\n");
  }
  SECTION("inside single quotes the escape char is literal") {
    Runner r("ENV a='x\\'\n");
    REQUIRE(r.dfa("ENV a='x"));
    CHECK(r.scan(IN_SINGLE_QUOTES) == tok(IMMEDIATE_LITERAL, "\\"));
    Runner r2("ENV a='x\\ y'\n");
    REQUIRE(r2.dfa("ENV a='x"));
    CHECK(r2.scan(IN_SINGLE_QUOTES) == tok(IMMEDIATE_LITERAL, "\\"));
  }
  SECTION("inside double quotes it escapes anything, a blank included") {
    Runner r("ENV a=\"x\\\"\\ \n");
    REQUIRE(r.dfa("ENV a=\"x"));
    CHECK(r.scan(IN_DOUBLE_QUOTES) == tok(IMMEDIATE_ESCAPE, "\\\""));
    CHECK(r.scan(IN_DOUBLE_QUOTES) == tok(LINE_CONTINUATION, "\\ \n"));
  }
  SECTION("not valid: left to the DFA (flag values lex backslash pairs themselves)") {
    Runner r("RUN --a=b\\ c\n");
    REQUIRE(r.dfa("RUN --a=b"));
    CHECK(r.scan(RUN_ARGS) == std::nullopt);
  }
  SECTION("a word start needs blanks before it, or a line start after `blank + escape`") {
    Runner r("COPY a=\\x\n");
    REQUIRE(r.dfa("COPY a="));
    CHECK(r.scan(WORD_START) == std::nullopt);
    Runner r2("COPY a \\\n\\x\n");
    REQUIRE(r2.dfa("COPY a"));
    CHECK(r2.scan(PATH_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r2.scan(PATH_MORE) == tok(ESCAPE, "\\x"));
    Runner r3("COPY a\\\n\\x\n");
    REQUIRE(r3.dfa("COPY a"));
    CHECK(r3.scan(PATH_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r3.scan(PATH_MORE) == tok(IMMEDIATE_ESCAPE, "\\x"));
  }
}

TEST_CASE("words: an escape char right after an escaped one continues no line",
          "[scanner][words]") {
  SECTION("escaped escape char, then escape char + line end: one token") {
    Runner r("COPY a C:\\app\\\\\\\nRUN x\n");
    REQUIRE(r.dfa("COPY a C:"));
    CHECK(r.scan(PATH_MORE) == tok(IMMEDIATE_ESCAPE, "\\a"));
    REQUIRE(r.dfa("pp"));
    CHECK(r.scan(PATH_MORE) == tok(IMMEDIATE_ESCAPE, "\\\\\\"));
    CHECK(r.rest() == "\nRUN x\n");
  }
  SECTION("the trailing blanks stay outside the token") {
    Runner r("ENV v=x\\\\\\ \t\nRUN y\n");
    REQUIRE(r.dfa("ENV v=x"));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "\\\\\\"));
    CHECK(r.rest() == " \t\nRUN y\n");
  }
  SECTION("not at the line end: it escapes the next char, a blank in ENV words") {
    Runner r("ENV v=\\\\\\\"x\n");
    REQUIRE(r.dfa("ENV v="));
    CHECK(r.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "\\\\\\\""));
    Runner r2("ENV v=\\\\\\ x\n");
    REQUIRE(r2.dfa("ENV v="));
    CHECK(r2.scan(VALUE_MORE) == tok(IMMEDIATE_ESCAPE, "\\\\\\ "));
  }
  SECTION("in single quotes every escape char is literal") {
    Runner r("ENV a='x\\\\\\\nb\n");
    REQUIRE(r.dfa("ENV a='x"));
    CHECK(r.scan(IN_SINGLE_QUOTES) == tok(IMMEDIATE_LITERAL, "\\\\\\"));
    CHECK(r.rest() == "\nb\n");
  }
  SECTION("escape=`: ``` is a word end, not a continuation") {
    Runner r("# escape=`\nCOPY c d```\nRUN y\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\nCOPY c d"));
    CHECK(r.scan(PATH_MORE) == tok(IMMEDIATE_ESCAPE, "```"));
    CHECK(r.rest() == "\nRUN y\n");
  }
}

TEST_CASE("CRs: a run before the line feed ends the line, a lone one separates words",
          "[scanner][words]") {
  SECTION("escape char, CR, CR, LF: a continuation") {
    Runner r("\\\r\r\nx");
    CHECK(r.scan(LINE_START) == tok(LINE_CONTINUATION, "\\\r\r\n"));
  }
  SECTION("shell text ends before the CRs") {
    Runner r("RUN x\r\r\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "x"));
    CHECK(r.rest() == "\r\r\n");
  }
  SECTION("a lone CR between words: a WORD_BREAK holding it") {
    Runner r("COPY a\r\rb c\n");
    REQUIRE(r.dfa("COPY a"));
    V valid = PATH_MORE;
    valid.push_back(WORD_BREAK);
    CHECK(r.scan(valid) == tok(WORD_BREAK, "\r\r"));
    CHECK(r.rest() == "b c\n");
  }
  SECTION("no word may follow: left to the DFA (a syntax error)") {
    Runner r("COPY a\rb\n");
    REQUIRE(r.dfa("COPY a"));
    CHECK(r.scan(PATH_MORE) == std::nullopt);
  }
  SECTION("CRs at the end of the file end the line") {
    Runner r("LABEL a=1\r\r");
    REQUIRE(r.dfa("LABEL a=1"));
    CHECK(r.scan(VALUE_MORE) == tok(LINE_END, "\r\r"));
    CHECK(r.at_end());
  }
  SECTION("vertical tab and form feed are skipped like blanks") {
    Runner r("RUN\v\fx\n");
    REQUIRE(r.dfa("RUN"));
    const auto t = r.scan(RUN_ARGS);
    CHECK(t == tok(TEXT_FIRST, "x"));
    REQUIRE(t);
    CHECK(t->start == 5);
  }
}

// ---------------------------------------------------------------------------------------------
// ENV / LABEL: pairs or the legacy `key value` form
// ---------------------------------------------------------------------------------------------

static const V ENV_ARGS{PAIRS_FORM, LEGACY_FORM};

TEST_CASE("ENV/LABEL: the first word decides between pairs and the legacy form",
          "[scanner][legacy]") {
  struct Case {
    const char* text;
    int form;
  };
  for (const Case& c : {Case{"a=b\n", PAIRS_FORM}, Case{"a b\n", LEGACY_FORM},
                        Case{"a\\ b c\n", LEGACY_FORM}, Case{"a\\ b=c\n", PAIRS_FORM},
                        Case{"\"a b\" c\n", LEGACY_FORM}, Case{"\"a=b\" c\n", PAIRS_FORM},
                        Case{"a\\=b c\n", PAIRS_FORM}, Case{"'a\\' b=c\n", LEGACY_FORM},
                        Case{"a\xC2\xA0"
                             "b=c d\n",
                             LEGACY_FORM},
                        Case{"a\\\n# comment\nb=c\n", PAIRS_FORM}, Case{"k v=w\n", LEGACY_FORM},
                        Case{"a\\  b=c\n", LEGACY_FORM}, Case{"a", LEGACY_FORM}}) {
    INFO(c.text);
    Runner r(std::string("ENV ") + c.text);
    REQUIRE(r.dfa("ENV"));
    const auto t = r.scan(ENV_ARGS);
    REQUIRE(t);
    CHECK(t->sym == c.form);
    CHECK(t->text.empty());  // zero width, at the word
    CHECK(t->start == 4);
  }
  SECTION("a continuation before the first word is a continuation") {
    Runner r("ENV \\\n  a b\n");
    REQUIRE(r.dfa("ENV"));
    CHECK(r.scan(ENV_ARGS) == tok(LINE_CONTINUATION, "\\\n"));
    const auto t = r.scan(ENV_ARGS);
    REQUIRE(t);
    CHECK(t->sym == LEGACY_FORM);
  }
  SECTION("nothing at the line end") {
    Runner r("ENV \n");
    REQUIRE(r.dfa("ENV"));
    CHECK(r.scan(ENV_ARGS) == std::nullopt);
  }
}

TEST_CASE("words: a word at the start of a line after `word \\`", "[scanner][words]") {
  auto with_break = [](V v) {
    v.push_back(WORD_BREAK);
    return v;
  };
  SECTION("a zero-width WORD_BREAK, once, then the DFA lexes the word") {
    Runner r("ENV a=1 \\\nb=2\n");
    REQUIRE(r.dfa("ENV a=1"));
    REQUIRE(r.scan(with_break(VALUE_MORE)) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(with_break(VALUE_MORE)) == tok(WORD_BREAK, ""));
    CHECK(r.rest() == "b=2\n");
    CHECK(r.scan(with_break(VALUE_MORE)) == std::nullopt);
  }
  SECTION("none after `word\\`: the next line continues the word") {
    Runner r("COPY a\\\nb c\n");
    REQUIRE(r.dfa("COPY a"));
    REQUIRE(r.scan(with_break(PATH_MORE)) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(with_break(PATH_MORE)) == std::nullopt);
  }
  SECTION("none when the next line is indented") {
    Runner r("COPY a \\\n  b c\n");
    REQUIRE(r.dfa("COPY a"));
    REQUIRE(r.scan(with_break(PATH_MORE)) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(with_break(PATH_MORE)) == std::nullopt);
  }
  SECTION("a heredoc marker after the break") {
    Runner r("COPY a \\\n<<EOF /d\n");
    REQUIRE(r.dfa("COPY a"));
    const V valid = with_break(COPY_MORE);
    REQUIRE(r.scan(valid) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(valid) == tok(WORD_BREAK, ""));
    CHECK(r.scan(valid) == tok(HEREDOC_MARKER, "<<EOF"));
  }
  SECTION("after RUN flags: a flag gets a break, shell text does not need one") {
    Runner r("RUN --a=b \\\n--c=d x\n");
    REQUIRE(r.dfa("RUN --a=b"));
    REQUIRE(r.scan(with_break(RUN_ARGS)) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(with_break(RUN_ARGS)) == tok(WORD_BREAK, ""));
    CHECK(r.rest() == "--c=d x\n");
    Runner r2("RUN --a=b \\\n-x\n");
    REQUIRE(r2.dfa("RUN --a=b"));
    REQUIRE(r2.scan(with_break(RUN_ARGS)) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r2.scan(with_break(RUN_ARGS)) == tok(TEXT_FIRST, "-x"));
  }
}

TEST_CASE("words: a quote left open ends at the line end", "[scanner][words]") {
  for (const char* rest : {"\n", "\r\n", ""}) {
    Runner r(std::string("ENV a='x") + rest);
    REQUIRE(r.dfa("ENV a='x"));
    INFO(printable(rest));
    auto t = r.scan(IN_SINGLE_QUOTES);
    CHECK(t == tok(UNCLOSED_QUOTE, ""));
    CHECK(r.rest() == rest);
  }
  Runner r("ENV a='x y'\n");
  REQUIRE(r.dfa("ENV a='x"));
  CHECK(r.scan(IN_SINGLE_QUOTES) == std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Parser directives
// ---------------------------------------------------------------------------------------------

TEST_CASE("parser directives", "[scanner][directive]") {
  SECTION("syntax: token excludes the newline") {
    Runner r("# syntax=docker/dockerfile:1\nFROM x");
    CHECK(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "# syntax=docker/dockerfile:1"));
    CHECK(r.rest() == "\nFROM x");
  }
  SECTION("CRLF is excluded") {
    Runner r("# check=skip=all\r\n");
    CHECK(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "# check=skip=all"));
    CHECK(r.rest() == "\r\n");
  }
  SECTION("keys are case-insensitive; blanks everywhere") {
    Runner r("  #  ESCAPE  =  \\  \n");
    CHECK(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "#  ESCAPE  =  \\  "));
    Runner r2("#escape = `");
    CHECK(r2.scan(FILE_START) == tok(PARSER_DIRECTIVE, "#escape = `"));
  }
  SECTION("other keys, no `=`, no value: a comment (the DFA lexes it)") {
    for (const char* text : {"# foo=bar\n", "# escape\n", "# escape=\n", "# esc ape=`\n",
                             "#\n", "# syntaxes=x\n"}) {
      Runner r(text);
      INFO(text);
      CHECK(r.scan(FILE_START) == std::nullopt);
    }
  }
  SECTION("not valid outside the directive zone") {
    Runner r("# escape=`\n");
    CHECK(r.scan(LINE_START) == std::nullopt);
  }
}

TEST_CASE("the escape directive changes the continuation char", "[scanner][directive]") {
  SECTION("backtick") {
    Runner r("# escape=`\nENV GOPATH `\n\\go`\n");
    REQUIRE(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "# escape=`"));
    REQUIRE(r.dfa("\nENV GOPATH"));
    CHECK(r.scan(TEXT_ONLY) == tok(LINE_CONTINUATION, "`\n"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "\\go"));
    CHECK(r.scan(TEXT_MORE) == tok(LINE_CONTINUATION, "`\n"));
  }
  SECTION("a backslash no longer continues") {
    Runner r("# escape=`\nRUN a \\\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\nRUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "a \\"));
  }
  SECTION("back to backslash") {
    Runner r("# escape=`\n# escape=\\\n\\\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\n"));
    REQUIRE(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "# escape=\\"));
    REQUIRE(r.dfa("\n"));
    CHECK(r.scan(LINE_START) == tok(LINE_CONTINUATION, "\\\n"));
  }
  SECTION("an invalid value is still a directive but keeps the escape char") {
    Runner r("# escape=``\n`\n");
    REQUIRE(r.scan(FILE_START) == tok(PARSER_DIRECTIVE, "# escape=``"));
    REQUIRE(r.dfa("\n"));
    CHECK(r.scan(LINE_START) == std::nullopt);
  }
}

// ---------------------------------------------------------------------------------------------
// Coarse text
// ---------------------------------------------------------------------------------------------

TEST_CASE("text: one token per physical line", "[scanner][text]") {
  SECTION("whole line, blanks skipped before") {
    Runner r("RUN   echo hi  there  \nX");
    REQUIRE(r.dfa("RUN"));
    auto t = r.scan(RUN_ARGS);
    CHECK(t == tok(TEXT_FIRST, "echo hi  there  "));
    CHECK(t->start == 6);
  }
  SECTION("stops before a continuation and keeps the blanks before it") {
    Runner r("RUN echo '1234' && \\\n    echo \"456\" && \\\n    echo 789\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "echo '1234' && "));
    CHECK(r.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "echo \"456\" && "));
    CHECK(r.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "echo 789"));
    CHECK(r.scan(RUN_MORE) == std::nullopt);  // the DFA lexes the newline
    CHECK(r.rest() == "\n");
  }
  SECTION("CR LF and lone CR") {
    Runner r("MAINTAINER a b\r\n");
    REQUIRE(r.dfa("MAINTAINER"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "a b"));
    CHECK(r.rest() == "\r\n");
    Runner r2("MAINTAINER a\rb\n");
    REQUIRE(r2.dfa("MAINTAINER"));
    CHECK(r2.scan(TEXT_ONLY) == tok(TEXT_FIRST, "a\rb"));
  }
  SECTION("never empty") {
    for (const char* text : {"\n", "", "  \n", "\r\n"}) {
      Runner r(text);
      CHECK(r.scan(TEXT_ONLY) == std::nullopt);
      CHECK(r.scan(RUN_MORE) == std::nullopt);
    }
  }
  SECTION("TEXT takes anything") {
    Runner r("--x =y [1]\n");
    CHECK(r.scan(TEXT_MORE) == tok(TEXT, "--x =y [1]"));
  }
  SECTION("UTF-8 and invalid bytes") {
    Runner r("MAINTAINER héllo \xff\xfe ☃\n");
    REQUIRE(r.dfa("MAINTAINER"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "héllo \xff\xfe ☃"));
  }
}

TEST_CASE("text first: flags, `=`, DFA tokens before it", "[scanner][text]") {
  SECTION("`--` is a flag") {
    Runner r("RUN --mount=type=cache echo\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == std::nullopt);
  }
  SECTION("a single dash is text") {
    Runner r("CMD -x\n");
    REQUIRE(r.dfa("CMD"));
    CHECK(r.scan(CMD_ARGS) == tok(TEXT_FIRST, "-x"));
  }
  SECTION("ENV KEY=value: no text at `=`") {
    Runner r("ENV KEY=value\n");
    REQUIRE(r.dfa("ENV KEY"));
    CHECK(r.scan(TEXT_ONLY) == std::nullopt);
  }
  SECTION("ENV KEY =value: legacy form, the value starts at `=`") {
    Runner r("ENV KEY =value\n");
    REQUIRE(r.dfa("ENV KEY"));
    CHECK(r.scan(TEXT_ONLY) == tok(TEXT_FIRST, "=value"));
  }
  SECTION("right after a DFA token: no text (a flag value is lexed by the DFA)") {
    Runner r("RUN --mount=type=cache,target=/foo <<MOUNT\n");
    REQUIRE(r.dfa("RUN --mount="));
    CHECK(r.scan(RUN_ARGS) == std::nullopt);
    CHECK_FALSE(r.asked_column());  // only asked after a continuation preceded by blanks
    Runner r2("RUN --a=b \\\n--mount=type=cache\n");
    REQUIRE(r2.dfa("RUN --a=b"));
    CHECK(r2.scan(RUN_ARGS) == tok(LINE_CONTINUATION, "\\\n"));
    REQUIRE(r2.dfa("--mount="));
    CHECK(r2.scan(RUN_ARGS) == std::nullopt);
    CHECK(r2.asked_column());
  }
  SECTION("at the start of a line after a continuation") {
    Runner r("RUN \\\necho\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "echo"));
  }
  SECTION("ENV KEY\\ continued with =value: the new form") {
    Runner r("ENV KEY\\\n=value\n");
    REQUIRE(r.dfa("ENV KEY"));
    CHECK(r.scan(TEXT_ONLY) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(TEXT_ONLY) == std::nullopt);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON exec form
// ---------------------------------------------------------------------------------------------

TEST_CASE("JSON arrays", "[scanner][json]") {
  auto json_start = [](const std::string& args, const V& valid = CMD_ARGS) {
    Runner r("CMD " + args);
    REQUIRE(r.dfa("CMD"));
    return r.scan(valid);
  };
  SECTION("valid arrays of any JSON values (nested ones fail in the grammar)") {
    for (const char* text :
         {"[]", "[\"\"]", "[\"a\",\"b\"]", "[ \"a\", \"b\" ]", "[\t\"a\",\t\"b\"\t]\t",
          "[\"abc 123\", \"♥\", \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000\"]",
          "[ \"echo\", [ \"nested json\" ] ]", "[1, -2.5e+3, 0, true, false, null]",
          "[{}, {\"a\": [1, {\"b\": null}]}, []]", "[\"a\"]\r\n", "[\"a\"]  \n"}) {
      INFO(text);
      CHECK(json_start(text) == tok(JSON_ARRAY_START, "["));
    }
  }
  SECTION("invalid JSON is shell text, to the end of the line") {
    for (const char* text :
         {"['echo','single quotes are invalid JSON']",
          "[\"echo\", \"Please, close the brackets when you're done\"",
          "[\"echo\", \"look ma, no quote!]", "[\"a\",]", "[01]", "[\"a\"] x", "[\"a\"]]",
          "[\"\\x\"]", "[\"tab\there\"]", "[tru]", "[\"a\" \"b\"]", "[{\"a\"}]", "[{1: 2}]",
          "[ -f /x ]"}) {
      INFO(text);
      CHECK(json_start(text) == tok(TEXT_FIRST, text));
    }
  }
  SECTION("JSON inside a string is no JSON (jeztah-invalid-json-json-inside-string)") {
    CHECK(json_start("'[\"echo\", \"Well\"]'\n") == tok(TEXT_FIRST, "'[\"echo\", \"Well\"]'"));
  }
  SECTION("continuations between JSON tokens, absorbing comment lines") {
    Runner r("CMD [\"a\", \\\n# comment\n\n   \"b\" \\\n ]\n");
    REQUIRE(r.dfa("CMD"));
    CHECK(r.scan(CMD_ARGS) == tok(JSON_ARRAY_START, "["));
  }
  SECTION("invalid JSON found after a continuation: `[` then the rest as TEXT") {
    Runner r("CMD [\"a\", \\\n  'b']\n");
    REQUIRE(r.dfa("CMD"));
    CHECK(r.scan(CMD_ARGS) == tok(TEXT_FIRST, "["));
    CHECK(r.scan(TEXT_MORE) == tok(TEXT, "\"a\", "));
    CHECK(r.scan(TEXT_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(TEXT_MORE) == tok(TEXT, "'b']"));
  }
  SECTION("COPY/VOLUME: invalid JSON is left to the DFA (paths)") {
    Runner r("VOLUME [/data]\n");
    REQUIRE(r.dfa("VOLUME"));
    CHECK(r.scan(JSON_ONLY) == std::nullopt);
    CHECK(r.rest() == " [/data]\n");
    Runner r2("COPY [\"a\", \"b\"]\n");
    REQUIRE(r2.dfa("COPY"));
    CHECK(r2.scan(COPY_ARGS) == tok(JSON_ARRAY_START, "["));
  }
  SECTION("JSON form never starts a heredoc (heredoc-json-form)") {
    Runner r("RUN [\"<<EOF\"]\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(JSON_ARRAY_START, "["));
  }
  SECTION("shell text starting with `[` still finds heredocs") {
    Runner r("RUN [ -f x ] && cat <<EOF\nhi\nEOF\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "[ -f x ] && cat "));
    CHECK(r.scan(RUN_MORE) == tok(HEREDOC_MARKER, "<<EOF"));
  }
}

// ---------------------------------------------------------------------------------------------
// Heredocs
// ---------------------------------------------------------------------------------------------

TEST_CASE("heredoc markers", "[scanner][heredoc]") {
  auto first = [](const std::string& args) {
    Runner r("RUN " + args + "\n");
    REQUIRE(r.dfa("RUN"));
    return r.scan(RUN_ARGS);
  };
  SECTION("marker forms") {
    for (const char* text : {"<<EOF", "<<-EOF", "3<<EOF", "<<'EOF'", "<<\"EOF\"", "<<eo'f'",
                             "<<eo\\'f", "<<'e'o\\'f", "<<'one two'", "<<$EOF", "<<  EOF",
                             "<<file.txt", "<<-'NOEXPAND'", "<<EOF>out"}) {
      INFO(text);
      CHECK(first(text) == tok(HEREDOC_MARKER, text));
    }
  }
  SECTION("not markers") {
    for (const char* text : {"\"<<NOHEREDOC\"", "'<<X'", "<<<EOF", "<<", "<<  ", "<<- EOF",
                             "<<''", "a<<EOF", "<<EOF<x", "\\<<EOF", "<<'EOF"}) {
      INFO(text);
      auto t = first(text);
      REQUIRE(t);
      CHECK(t->sym == TEXT_FIRST);
    }
  }
  SECTION("markers after text, between text, several per line") {
    Runner r("RUN cat <<A | tee x <<-B >/dev/null\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "cat "));
    CHECK(r.scan(RUN_MORE) == tok(HEREDOC_MARKER, "<<A"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "| tee x "));
    CHECK(r.scan(RUN_MORE) == tok(HEREDOC_MARKER, "<<-B"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, ">/dev/null"));
  }
  SECTION("`<<  EOF  > foo`: blanks after << belong to the marker") {
    Runner r("RUN <<  EOF  > foo\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(HEREDOC_MARKER, "<<  EOF"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "> foo"));
  }
  SECTION("`a<<  <<EOF` is one shell word: no heredoc") {
    Runner r("RUN x a<<  <<EOF\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "x a<<  <<EOF"));
  }
  SECTION("quotes spanning a continuation hide a marker") {
    Runner r("RUN echo \"a \\\n <<EOF\" && cat <<X\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "echo \"a "));
    CHECK(r.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "<<EOF\" && cat "));
    CHECK(r.scan(RUN_MORE) == tok(HEREDOC_MARKER, "<<X"));
  }
  SECTION("word boundary across a continuation: `foo \\` yes, `foo\\` no") {
    Runner r("RUN foo \\\n<<EOF\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "foo "));
    CHECK(r.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_MORE) == tok(HEREDOC_MARKER, "<<EOF"));
    Runner r2("RUN foo\\\n<<EOF\n");
    REQUIRE(r2.dfa("RUN"));
    CHECK(r2.scan(RUN_ARGS) == tok(TEXT_FIRST, "foo"));
    CHECK(r2.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r2.scan(RUN_MORE) == tok(TEXT, "<<EOF"));
  }
  SECTION("a marker word is cut at a continuation") {
    Runner r("RUN <<EOF\\\n x\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(HEREDOC_MARKER, "<<EOF"));
    CHECK(r.scan(RUN_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.scan(RUN_MORE) == tok(TEXT, "x"));
  }
  SECTION("no markers where HEREDOC_MARKER is not valid (USER, CMD)") {
    Runner r("CMD <<EOF\n");
    REQUIRE(r.dfa("CMD"));
    CHECK(r.scan(CMD_ARGS) == tok(TEXT_FIRST, "<<EOF"));
  }
  SECTION("COPY: markers at word starts, anything else is left to the DFA") {
    Runner r("COPY <<A 3<<B /dst\n");
    REQUIRE(r.dfa("COPY"));
    CHECK(r.scan(COPY_ARGS) == tok(HEREDOC_MARKER, "<<A"));
    CHECK(r.scan(COPY_MORE) == tok(HEREDOC_MARKER, "3<<B"));
    CHECK(r.scan(COPY_MORE) == std::nullopt);
    REQUIRE(r.dfa("/dst"));
    CHECK(r.scan(COPY_MORE) == tok(HEREDOC_NEWLINE, "\n"));
    Runner r2("COPY 3 x\n");
    REQUIRE(r2.dfa("COPY"));
    CHECK(r2.scan(COPY_ARGS) == std::nullopt);
  }
}

// Runs a RUN line whose text is `args` through the scanner, then its heredoc bodies, and
// returns the tokens (for compact expectations).
static std::vector<Token> run_line(Runner& r) {
  std::vector<Token> out;
  auto t = r.scan(RUN_ARGS);
  while (t) {
    out.push_back(*t);
    if (t->sym == HEREDOC_NEWLINE) {
      t = r.scan(BODY);
      if (t && t->sym == HEREDOC_CONTENT) {
        out.push_back(*t);
        t = r.scan(END_ONLY);
      }
      if (!t) break;
      out.push_back(*t);
      t = r.scan(HD_NEWLINE);
      continue;
    }
    t = r.scan(RUN_MORE);
  }
  return out;
}

TEST_CASE("heredoc bodies", "[scanner][heredoc]") {
  SECTION("content, end, then the ordinary newline") {
    Runner r("RUN <<EOF\n  a\n\tb\nEOF\nRUN x\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<EOF"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_CONTENT, "  a\n\tb\n"), tok(HEREDOC_END, "EOF")};
    CHECK(run_line(r) == expected);
    CHECK(r.rest() == "\nRUN x\n");
  }
  SECTION("empty body: no content token") {
    Runner r("RUN <<EMPTY\nEMPTY\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<EMPTY"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_END, "EMPTY")};
    CHECK(run_line(r) == expected);
  }
  SECTION("several heredocs, in order (COPY <<X <<Y /dest)") {
    Runner r("RUN <<X <<Y x\nY\nX\nX\nY\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{
        tok(HEREDOC_MARKER, "<<X"), tok(HEREDOC_MARKER, "<<Y"),  tok(TEXT, "x"),
        tok(HEREDOC_NEWLINE, "\n"), tok(HEREDOC_CONTENT, "Y\n"), tok(HEREDOC_END, "X"),
        tok(HEREDOC_NEWLINE, "\n"), tok(HEREDOC_CONTENT, "X\n"), tok(HEREDOC_END, "Y")};
    CHECK(run_line(r) == expected);
    CHECK(r.rest() == "\n");
  }
  SECTION("<<- allows leading tabs on the terminator only; content keeps its tabs") {
    Runner r("RUN <<-E\n\tx\n  E\n\t\tE\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<-E"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_CONTENT, "\tx\n  E\n"), tok(HEREDOC_END, "\t\tE")};
    CHECK(run_line(r) == expected);
  }
  SECTION("without <<-, a tab-indented name is content") {
    Runner r("RUN <<E\n\tE\nE");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<E"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_CONTENT, "\tE\n"), tok(HEREDOC_END, "E")};
    CHECK(run_line(r) == expected);
    CHECK(r.at_end());
  }
  SECTION("terminator must match exactly (no trailing blanks), CRLF allowed") {
    Runner r("RUN <<E\r\nE \r\nEE\r\nE\r\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<E"), tok(HEREDOC_NEWLINE, "\r\n"),
                                      tok(HEREDOC_CONTENT, "E \r\nEE\r\n"), tok(HEREDOC_END, "E")};
    CHECK(run_line(r) == expected);
    CHECK(r.rest() == "\r\n");
  }
  SECTION("names after quote removal and escapes") {
    struct Case {
      const char* marker;
      const char* terminator;
    };
    for (const Case& c : {Case{"<<eo'f'", "eof"}, Case{"<<eo\\'f", "eo'f"},
                          Case{"<<'e'o\\'f", "eo'f"}, Case{"<<'one two'", "one two"},
                          Case{"<<\"a\\\"b\"", "a\"b"}, Case{"<<\"a\\xb\"", "a\\xb"},
                          Case{"<<a\\ b", "a b"}, Case{"<<'a\\b'", "a\\b"},
                          Case{"<<$EOF", "$EOF"}, Case{"<<☃", "☃"}}) {
      INFO(c.marker);
      Runner r(std::string("RUN ") + c.marker + "\nbody\n" + c.terminator + "\n");
      REQUIRE(r.dfa("RUN"));
      const std::vector<Token> expected{tok(HEREDOC_MARKER, c.marker), tok(HEREDOC_NEWLINE, "\n"),
                                        tok(HEREDOC_CONTENT, "body\n"),
                                        tok(HEREDOC_END, c.terminator)};
      CHECK(run_line(r) == expected);
    }
  }
  SECTION("bodies start after the logical line, not at a continuation") {
    Runner r("RUN cat <<EOF \\\n# c\n  && echo\nhi\nEOF\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{
        tok(TEXT_FIRST, "cat "),       tok(HEREDOC_MARKER, "<<EOF"),
        tok(LINE_CONTINUATION, "\\\n# c\n"), tok(TEXT, "&& echo"),
        tok(HEREDOC_NEWLINE, "\n"),    tok(HEREDOC_CONTENT, "hi\n"),
        tok(HEREDOC_END, "EOF")};
    CHECK(run_line(r) == expected);
  }
  SECTION("no blank skipping, no continuations inside bodies") {
    Runner r("RUN <<E\n  \\\n\\\nE\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<E"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_CONTENT, "  \\\n\\\n"), tok(HEREDOC_END, "E")};
    CHECK(run_line(r) == expected);
  }
}

TEST_CASE("unterminated heredocs end with a zero-width heredoc_end at EOF", "[scanner][heredoc]") {
  SECTION("body runs to EOF") {
    Runner r("RUN <<EOF\nx\nRUN y");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<EOF"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_CONTENT, "x\nRUN y"), tok(HEREDOC_END, "")};
    CHECK(run_line(r) == expected);
    CHECK(r.at_end());
  }
  SECTION("the file ends on the marker line: zero-width newline and end") {
    Runner r("RUN <<A <<B");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<A"), tok(HEREDOC_MARKER, "<<B"),
                                      tok(HEREDOC_NEWLINE, ""),   tok(HEREDOC_END, ""),
                                      tok(HEREDOC_NEWLINE, ""),   tok(HEREDOC_END, "")};
    CHECK(run_line(r) == expected);
  }
  SECTION("the newline only, then EOF") {
    Runner r("RUN <<A\n");
    REQUIRE(r.dfa("RUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<A"), tok(HEREDOC_NEWLINE, "\n"),
                                      tok(HEREDOC_END, "")};
    CHECK(run_line(r) == expected);
  }
}

// ---------------------------------------------------------------------------------------------
// State: serialization, capacity, error recovery
// ---------------------------------------------------------------------------------------------

TEST_CASE("serialized state", "[scanner][state]") {
  SECTION("deserialize(NULL, 0) resets to the defaults") {
    Runner r("# escape=`\nRUN <<A\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\nRUN"));
    REQUIRE(r.scan(RUN_ARGS) == tok(HEREDOC_MARKER, "<<A"));
    char before[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
    const unsigned n = tree_sitter_dockerfile_external_scanner_serialize(r.scanner(), before);
    CHECK(n > 3);
    tree_sitter_dockerfile_external_scanner_deserialize(r.scanner(), nullptr, 0);
    char after[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
    const unsigned m = tree_sitter_dockerfile_external_scanner_serialize(r.scanner(), after);
    REQUIRE(m == 3);
    CHECK(after[0] == '\\');
    CHECK(after[2] == 0);
  }
  SECTION("round trip") {
    Runner r("RUN <<A <<-B\n");
    REQUIRE(r.dfa("RUN"));
    REQUIRE(r.scan(RUN_ARGS));
    REQUIRE(r.scan(RUN_MORE));
    void* other = tree_sitter_dockerfile_external_scanner_create();
    tree_sitter_dockerfile_external_scanner_deserialize(
        other, r.state().data(), static_cast<unsigned>(r.state().size()));
    char buf[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
    const unsigned n = tree_sitter_dockerfile_external_scanner_serialize(other, buf);
    CHECK(std::string(buf, n) == r.state());
    tree_sitter_dockerfile_external_scanner_destroy(other);
  }
  SECTION("truncated or garbage states do not crash and keep whole records only") {
    Runner r("RUN <<AAAA <<BBBB\n");
    REQUIRE(r.dfa("RUN"));
    REQUIRE(r.scan(RUN_ARGS));
    REQUIRE(r.scan(RUN_MORE));
    const std::string full = r.state();
    void* other = tree_sitter_dockerfile_external_scanner_create();
    for (size_t len = 0; len <= full.size(); ++len) {
      tree_sitter_dockerfile_external_scanner_deserialize(other, full.data(),
                                                          static_cast<unsigned>(len));
      char buf[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
      const unsigned n = tree_sitter_dockerfile_external_scanner_serialize(other, buf);
      CHECK(n <= len + 3);
    }
    std::string garbage(1024, '\xff');
    tree_sitter_dockerfile_external_scanner_deserialize(other, garbage.data(), 1024);
    char buf[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
    CHECK(tree_sitter_dockerfile_external_scanner_serialize(other, buf) <= 1024);
    tree_sitter_dockerfile_external_scanner_destroy(other);
  }
}

// The state of a fresh scanner: escape char `\\`, no heredocs, per-line fields at rest.
static std::string initial_state(char escape = '\\') {
  void* s = tree_sitter_dockerfile_external_scanner_create();
  tree_sitter_dockerfile_external_scanner_deserialize(s, nullptr, 0);
  char buf[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
  const unsigned n = tree_sitter_dockerfile_external_scanner_serialize(s, buf);
  tree_sitter_dockerfile_external_scanner_destroy(s);
  std::string out(buf, n);
  out[0] = escape;
  return out;
}

TEST_CASE("the state is canonical at the end of each logical line", "[scanner][state]") {
  SECTION("shell text running to the line end, quotes left open") {
    for (const char* text : {"RUN echo 'a\n", "RUN echo \"a \n", "RUN echo a \\\n  'b\n",
                             "RUN echo a \\\n  \"b \r\n", "RUN x '"}) {
      INFO(printable(text));
      Runner r(text);
      REQUIRE(r.dfa("RUN"));
      for (auto t = r.scan(RUN_ARGS); t && !r.at_end() && r.rest()[0] != '\n' &&
                                      r.rest()[0] != '\r';
           t = r.scan(RUN_MORE)) {
      }
      CHECK(r.state() == initial_state());
    }
  }
  SECTION("a continuation followed by DFA tokens only: LINE_END at the line end") {
    Runner r("ENV a=1 \\\nb=2 \nRUN x\n");
    REQUIRE(r.dfa("ENV a=1"));
    REQUIRE(r.scan(VALUE_MORE) == tok(LINE_CONTINUATION, "\\\n"));
    CHECK(r.state() != initial_state());
    REQUIRE(r.dfa("b=2"));
    auto t = r.scan(VALUE_MORE);
    CHECK(t == tok(LINE_END, ""));
    CHECK(t->start == r.pos());
    CHECK(r.rest() == "\nRUN x\n");
    CHECK(r.state() == initial_state());
    CHECK(r.scan(VALUE_MORE) == std::nullopt);  // once is enough: no endless zero-width tokens
  }
  SECTION("LINE_END only when something is to be reset") {
    Runner r("FROM a\n");
    REQUIRE(r.dfa("FROM a"));
    CHECK(r.scan(LINE_START) == std::nullopt);
  }
  SECTION("after heredocs, under escape=`") {
    Runner r("# escape=`\nRUN <<A 'x\nA\n");
    REQUIRE(r.scan(FILE_START));
    REQUIRE(r.dfa("\nRUN"));
    const std::vector<Token> expected{tok(HEREDOC_MARKER, "<<A"), tok(TEXT, "'x"),
                                      tok(HEREDOC_NEWLINE, "\n"), tok(HEREDOC_END, "A")};
    std::vector<Token> got;
    for (auto t = r.scan(RUN_ARGS); t; t = r.scan(t->sym == HEREDOC_NEWLINE ? BODY : RUN_MORE)) {
      got.push_back(*t);
      if (t->sym == HEREDOC_END) break;
    }
    CHECK(got == expected);
    CHECK(r.state() == initial_state('`'));
  }
}

TEST_CASE("heredoc queue capacity: markers that do not fit are plain text", "[scanner][state]") {
  SECTION("one huge name") {
    const std::string name(1100, 'N');
    Runner r("RUN <<" + name + "\n");
    REQUIRE(r.dfa("RUN"));
    CHECK(r.scan(RUN_ARGS) == tok(TEXT_FIRST, "<<" + name));
  }
  SECTION("many markers: the state never exceeds the buffer") {
    std::string line = "RUN";
    for (int i = 0; i < 200; ++i) line += " <<NAME" + std::to_string(i);
    Runner r(line + "\n");
    REQUIRE(r.dfa("RUN"));
    int markers = 0;
    bool text_seen = false;
    for (auto t = r.scan(RUN_ARGS); t && t->sym != HEREDOC_NEWLINE; t = r.scan(RUN_MORE)) {
      CHECK(r.state().size() <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE);
      if (t->sym == HEREDOC_MARKER) {
        CHECK_FALSE(text_seen);  // once full, the rest of the line is text
        ++markers;
      } else {
        text_seen = true;
      }
    }
    CHECK(markers > 50);
    CHECK(markers < 200);
    CHECK(text_seen);
  }
}

TEST_CASE("error recovery", "[scanner][error]") {
  SECTION("no text, markers, JSON or directives") {
    for (const char* text : {"echo hi\n", "<<EOF\n", "[\"a\"]\n", "# escape=`\n", "\n", ""}) {
      Runner r(text);
      INFO(text);
      CHECK(r.scan_error() == std::nullopt);
    }
  }
  SECTION("continuations are still lexed") {
    Runner r("  \\\n# c\nx");
    CHECK(r.scan_error() == tok(LINE_CONTINUATION, "\\\n# c\n"));
  }
  SECTION("queued heredoc bodies are still consumed") {
    Runner r("COPY <<EOF \"bad\nRUN body\nEOF\nRUN x\n");
    REQUIRE(r.dfa("COPY"));
    REQUIRE(r.scan(COPY_ARGS) == tok(HEREDOC_MARKER, "<<EOF"));
    REQUIRE(r.dfa("\"bad"));  // say the DFA fails here: the parser is in error mode
    CHECK(r.scan_error() == tok(HEREDOC_NEWLINE, "\n"));
    CHECK(r.scan_error() == tok(HEREDOC_CONTENT, "RUN body\n"));
    CHECK(r.scan_error() == tok(HEREDOC_END, "EOF"));
    CHECK(r.scan_error() == std::nullopt);
    CHECK(r.rest() == "\nRUN x\n");
  }
}

// ---------------------------------------------------------------------------------------------
// Whole parses (needs the generated parser and the shared reference data)
// ---------------------------------------------------------------------------------------------

namespace {

std::optional<std::filesystem::path> shared_dir() {
  const char* env = std::getenv("WHALESAFE_SHARED_DIR");
#ifdef WHALESAFE_SHARED_DIR
  const std::filesystem::path dir = env ? env : WHALESAFE_SHARED_DIR;
#else
  const std::filesystem::path dir = env ? env : "../shared";
#endif
  if (std::filesystem::is_directory(dir / "conformance")) return dir;
  return std::nullopt;
}

#define REQUIRE_SHARED(var)                                                           \
  const auto var##_opt = shared_dir();                                                \
  if (!var##_opt) {                                                                   \
    WARN("SKIPPED: shared reference data not found (set WHALESAFE_SHARED_DIR)");       \
    return;                                                                           \
  }                                                                                   \
  const std::filesystem::path& var = *var##_opt

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Parsed {
  std::string text;
  TSParser* parser;
  TSTree* tree;
  explicit Parsed(std::string t) : text(std::move(t)), parser(ts_parser_new()), tree(nullptr) {
    REQUIRE(ts_parser_set_language(parser, tree_sitter_dockerfile()));
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  }
  ~Parsed() {
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
  TSNode root() const { return ts_tree_root_node(tree); }
  std::string node_text(TSNode n) const {
    return text.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }
};

// The first visible ERROR or MISSING node, described; empty if none.
std::string first_visible_problem(const Parsed& p, TSNode n) {
  if (ts_node_is_missing(n)) return std::string("MISSING ") + ts_node_type(n);
  if (std::string(ts_node_type(n)) == "ERROR") {
    return "ERROR at byte " + std::to_string(ts_node_start_byte(n)) + ": " +
           printable(p.node_text(n).substr(0, 80));
  }
  for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
    std::string found = first_visible_problem(p, ts_node_child(n, i));
    if (!found.empty()) return found;
  }
  return {};
}

// The first ERROR or MISSING node, described; empty if none. A MISSING hidden token (such as
// `_newline`) has no visible node: ts_node_has_error still sees it.
std::string first_problem(const Parsed& p, TSNode n) {
  std::string found = first_visible_problem(p, n);
  if (found.empty() && ts_node_has_error(n)) found = "a MISSING hidden token";
  return found;
}

void collect(TSNode n, const char* type, std::vector<TSNode>& out) {
  if (std::string(ts_node_type(n)) == type) out.push_back(n);
  for (uint32_t i = 0; i < ts_node_child_count(n); ++i) collect(ts_node_child(n, i), type, out);
}

bool is_instruction(TSNode n) {
  const std::string type = ts_node_type(n);
  return type.size() > 12 && type.compare(type.size() - 12, 12, "_instruction") == 0;
}

// What BuildKit reports for one heredoc, rebuilt from the tree.
nlohmann::json heredoc_json(const Parsed& p, TSNode marker, TSNode heredoc) {
  const std::string m = p.node_text(marker);
  size_t i = 0;
  unsigned fd = 0;
  while (i < m.size() && m[i] >= '0' && m[i] <= '9') fd = fd * 10 + unsigned(m[i++] - '0');
  i += 2;  // <<
  const bool chomp = i < m.size() && m[i] == '-';
  bool expand = true;
  for (size_t k = i; k < m.size(); ++k) {
    if (m[k] == '\\') {
      ++k;
    } else if (m[k] == '\'' || m[k] == '"') {
      expand = false;
    }
  }
  TSNode end = ts_node_child_by_field_name(heredoc, "end", 3);
  TSNode body = ts_node_child_by_field_name(heredoc, "body", 4);
  std::string name = p.node_text(end);
  if (chomp) name.erase(0, name.find_first_not_of('\t'));
  return nlohmann::json{{"Name", name},
                        {"FileDescriptor", fd},
                        {"Expand", expand},
                        {"Chomp", chomp},
                        {"Content", ts_node_is_null(body) ? "" : p.node_text(body)}};
}

void check_heredoc_expectations(const std::filesystem::path& dir) {
  Parsed p(read_file(dir / "Dockerfile"));
  INFO(dir.string());
  REQUIRE(first_problem(p, p.root()) == "");
  std::vector<TSNode> instructions;
  for (uint32_t i = 0; i < ts_node_named_child_count(p.root()); ++i) {
    TSNode n = ts_node_named_child(p.root(), i);
    if (is_instruction(n)) instructions.push_back(n);
  }
  const nlohmann::json expected = nlohmann::json::parse(read_file(dir / "expected-heredocs.json"));
  for (const auto& e : expected["expected"]) {
    const size_t index = e["ast_child_index"].get<size_t>();
    INFO("AST child " << index);
    REQUIRE(index < instructions.size());
    std::vector<TSNode> markers, heredocs;
    collect(instructions[index], "heredoc_marker", markers);
    collect(instructions[index], "heredoc", heredocs);
    REQUIRE(markers.size() == heredocs.size());
    nlohmann::json got = nullptr;
    for (size_t k = 0; k < heredocs.size(); ++k) {
      got.push_back(heredoc_json(p, markers[k], heredocs[k]));
    }
    CHECK(got.dump() == e["heredocs"].dump());
  }
}

}  // namespace

TEST_CASE("whole parse: BuildKit heredoc expectations", "[scanner][parse]") {
  REQUIRE_SHARED(shared);
  const auto inline_dir = shared / "conformance" / "buildkit-parser-inline";
  check_heredoc_expectations(inline_dir / "heredoc-extract");
  check_heredoc_expectations(inline_dir / "heredoc-json-form");
  Parsed p(read_file(inline_dir / "empty-continuation-warnings" / "Dockerfile"));
  CHECK(first_problem(p, p.root()) == "");
}

TEST_CASE("whole parse: positive BuildKit cases have no ERROR/MISSING", "[scanner][parse]") {
  REQUIRE_SHARED(shared);
  const auto dir = shared / "conformance" / "buildkit-parser";
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    const bool positive = std::filesystem::exists(entry.path() / "result") || name == "testfile-line";
    if (!positive) continue;
    Parsed p(read_file(entry.path() / "Dockerfile"));
    INFO(name);
    CHECK(first_problem(p, p.root()) == "");
    ++checked;
  }
  CHECK(checked == 34);
}

TEST_CASE("whole parse: negative cases the grammar rejects", "[scanner][parse]") {
  REQUIRE_SHARED(shared);
  const auto dir = shared / "conformance" / "buildkit-parser";
  for (const char* name : {"env_no_value", "shykes-nested-json"}) {
    Parsed p(read_file(dir / name / "Dockerfile"));
    INFO(name);
    CHECK(first_problem(p, p.root()) != "");
  }
}

TEST_CASE("whole parse: scanner decisions visible in the tree", "[scanner][parse]") {
  SECTION("unterminated heredoc: clean tree, zero-width heredoc_end at EOF") {
    Parsed p("FROM a\nRUN <<EOF\necho\nRUN x\n");
    CHECK(first_problem(p, p.root()) == "");
    std::vector<TSNode> ends;
    collect(p.root(), "heredoc_end", ends);
    REQUIRE(ends.size() == 1);
    CHECK(ts_node_start_byte(ends[0]) == p.text.size());
    CHECK(ts_node_end_byte(ends[0]) == p.text.size());
  }
  SECTION("a heredoc body after a syntax error is not parsed as instructions") {
    Parsed p("FROM a\nCOPY <<EOF \"bad\nRUN <<X\nEOF\nRUN ok\n");
    std::vector<TSNode> runs;
    collect(p.root(), "run_instruction", runs);
    REQUIRE(runs.size() == 1);
    CHECK(p.node_text(runs[0]) == "RUN ok");
  }
  SECTION("escape directive") {
    Parsed p("# escape=`\nFROM `\n  image\nRUN a \\\n");
    CHECK(first_problem(p, p.root()) == "");
    std::vector<TSNode> fragments;
    collect(p.root(), "shell_fragment", fragments);
    REQUIRE(fragments.size() == 1);
    CHECK(p.node_text(fragments[0]) == "a \\");
  }
}

// The node of the first instruction whose text starts with `prefix`.
static TSNode instruction_starting(const std::string& text, TSNode root, const std::string& prefix) {
  for (uint32_t i = 0; i < ts_node_named_child_count(root); ++i) {
    TSNode n = ts_node_named_child(root, i);
    const uint32_t start = ts_node_start_byte(n);
    if (is_instruction(n) && text.compare(start, prefix.size(), prefix) == 0) return n;
  }
  return TSNode{};
}

TEST_CASE("whole parse: an edit that changes a line's scanner state keeps the next lines reusable",
          "[scanner][parse][incremental]") {
  struct Case {
    const char* before;
    const char* inserted;  // at the first '|' of `before` (removed)
  };
  for (const Case& c : {
           Case{"FROM a\nRUN echo |a\nRUN x\n", "'"},
           Case{"FROM a\nRUN echo |a\nRUN x\n", "\""},
           Case{"FROM a\nENV a=1|\\\nb=2\nRUN x\n", " "},
           Case{"FROM a\nCOPY a|\\\nb c\nRUN x\n", " "},
           Case{"FROM a\nRUN echo a|\\\n  b\nRUN x\n", " '"},
           Case{"FROM a\nRUN echo |a\nRUN x\n", "b"},  // the control: no state change at all
       }) {
    std::string before = c.before;
    const size_t at = before.find('|');
    before.erase(at, 1);
    std::string after = before;
    after.insert(at, c.inserted);
    INFO("before: " << printable(before) << "\nafter:  " << printable(after));

    TSParser* parser = ts_parser_new();
    REQUIRE(ts_parser_set_language(parser, tree_sitter_dockerfile()));
    TSTree* old_tree =
        ts_parser_parse_string(parser, nullptr, before.data(), static_cast<uint32_t>(before.size()));
    TSInputEdit edit{};
    edit.start_byte = edit.old_end_byte = static_cast<uint32_t>(at);
    edit.new_end_byte = static_cast<uint32_t>(at + std::strlen(c.inserted));
    auto point = [](const std::string& text, size_t byte) {
      TSPoint p{0, 0};
      for (size_t i = 0; i < byte; ++i) {
        if (text[i] == '\n') {
          ++p.row;
          p.column = 0;
        } else {
          ++p.column;
        }
      }
      return p;
    };
    edit.start_point = edit.old_end_point = point(before, at);
    edit.new_end_point = point(after, edit.new_end_byte);
    ts_tree_edit(old_tree, &edit);
    TSTree* new_tree =
        ts_parser_parse_string(parser, old_tree, after.data(), static_cast<uint32_t>(after.size()));
    const TSNode old_node = instruction_starting(after, ts_tree_root_node(old_tree), "RUN x");
    const TSNode new_node = instruction_starting(after, ts_tree_root_node(new_tree), "RUN x");
    REQUIRE_FALSE(ts_node_is_null(old_node));
    REQUIRE_FALSE(ts_node_is_null(new_node));
    CHECK(old_node.id == new_node.id);  // the same subtree: reused
    ts_tree_delete(new_tree);
    ts_tree_delete(old_tree);
    ts_parser_delete(parser);
  }
}
