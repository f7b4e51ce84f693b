// Word boundaries in the tree: quotes, escapes, line continuations and white space, checked
// against what BuildKit's parser makes of the same line (its dump, and whether it accepts it).
//
// outline() prints the named nodes of each instruction with their text:
//   (env_pair (key "a") (value "b\\ c"))
// Instructions and ENV/LABEL pairs are printed without text, line continuations not at all;
// ERROR and MISSING nodes show up as (ERROR "...") and (MISSING type).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <filesystem>
#include <sstream>
#include <vector>

#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/go_text.h"
#include "syntax/syntax_errors.h"
#include "syntax/tree_print.h"
#include "syntax/tree_util.h"
#include "test_support.h"

namespace whalesafe::syntax {
namespace {

void outline_node(const Document& doc, TSNode node, std::string& out) {
  const std::string_view type = type_of(node);
  if (ts_node_is_missing(node)) {
    out += " (MISSING " + std::string(type) + ")";
    return;
  }
  if (!ts_node_is_named(node) && !is_error(node)) return;
  if (type == node_type::kLineContinuation) return;
  out += " (" + std::string(type);
  const bool pair = type.size() > 5 && type.substr(type.size() - 5) == "_pair";
  if (!is_instruction(node) && !pair) out += " " + go::quote(doc.node_text(node));
  for_each_child(node, [&](TSNode child) { outline_node(doc, child, out); });
  out += ")";
}

// One line per top-level node (instructions, comments, errors).
std::string outline(const Document& doc) {
  std::string out;
  for_each_child(doc.root(), [&](TSNode child) {
    std::string line;
    outline_node(doc, child, line);
    if (line.empty()) return;
    out += line.substr(1) + "\n";
  });
  return out;
}

struct Parsed {
  std::string outline;
  std::string dump;
  bool errors = false;
  std::string diagnostics;
};

Parsed parse(const std::string& text) {
  const Document doc(text);
  Parsed p;
  p.outline = outline(doc);
  p.dump = buildkit_dump(doc);
  for (const Diagnostic& d : syntax_diagnostics(doc)) {
    const LineCol at = doc.line_col(d.start_byte);
    p.diagnostics += std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                     (d.severity == Severity::kError ? "error: " : "warning: ") + d.message +
                     "\n";
    if (d.severity == Severity::kError) p.errors = true;
  }
  return p;
}

// The outline of the last instruction of `text` (the others set things up).
std::string last(const std::string& text) {
  const Parsed p = parse(text);
  INFO(p.outline << p.diagnostics);
  std::string o = p.outline;
  if (!o.empty()) o.pop_back();
  return o.substr(o.rfind('\n') + 1);
}

// ---------------------------------------------------------------------------------------------
// Quotes (BuildKit's parseWords: a backslash is literal in single quotes, and a quote left open
// at the end of the line is accepted).

TEST_CASE("single quotes: the escape char is literal inside", "[words][quotes]") {
  const Parsed p = parse("FROM a\nENV name='a\\'b''\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump == "(from \"a\")\n(env \"name\" \"'a\\\\'b''\" \"=\")\n");
  CHECK(last("FROM a\nENV name='a\\'b''\n") ==
        R"((env_instruction (env_pair (key "name") (value "'a\\'b''" (single_quoted_string "'a\\'") (single_quoted_string "''")))))");
  CHECK(last("FROM a\nLABEL x='\\\\' y=z\n") ==
        R"((label_instruction (label_pair (key "x") (value "'\\\\'" (single_quoted_string "'\\\\'"))) (label_pair (key "y") (value "z"))))");
}

TEST_CASE("quotes left open at the end of the line", "[words][quotes]") {
  SECTION("single quote (BuildKit's env fixture, line 12)") {
    const Parsed p = parse("FROM a\nENV name='a\\'b'\nRUN x\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(env \"name\" \"'a\\\\'b'\" \"=\")\n(run \"x\")\n");
    CHECK(p.outline ==
          "(from_instruction (image_spec \"a\" (image_name \"a\")))\n"
          R"((env_instruction (env_pair (key "name") (value "'a\\'b'" (single_quoted_string "'a\\'") (single_quoted_string "'")))))"
          "\n(run_instruction (shell_command \"x\" (shell_fragment \"x\")))\n");
  }
  SECTION("double quote") {
    const Parsed p = parse("FROM a\nENV A=\"x\nRUN echo \"y\"\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(env \"A\" \"\\\"x\" \"=\")\n(run \"echo \\\"y\\\"\")\n");
    CHECK(last("FROM a\nENV A=\"x\n") ==
          R"((env_instruction (env_pair (key "A") (value "\"x" (double_quoted_string "\"x")))))");
  }
  SECTION("the open quote is reported as a warning: expanding the value fails in BuildKit") {
    const Parsed p = parse("FROM a\nLABEL a=\"x y\n");
    INFO(p.outline << p.diagnostics);
    CHECK(p.diagnostics == "2:9: warning: unterminated double-quoted string\n");
  }
  SECTION("an open quote does not reach into the next line") {
    CHECK(last("FROM a\nLABEL a='x\n# comment \" } ] '\nCOPY a b\n") ==
          R"((copy_instruction (path "a") (path "b")))");
  }
  SECTION("a quote continues across a line continuation") {
    CHECK(last("FROM a\nENV A=\"x \\\n  y\" B=z\n") ==
          R"((env_instruction (env_pair (key "A") (value "\"x \\\n  y\"" (double_quoted_string "\"x \\\n  y\""))) (env_pair (key "B") (value "z"))))");
  }
}

TEST_CASE("ARG with an empty name is accepted, as BuildKit's parser does", "[words]") {
  const Parsed p = parse("FROM a\nARG =x\nARG b =y\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump == "(from \"a\")\n(arg \"=x\")\n(arg \"b\" \"=y\")\n");
  CHECK(p.outline ==
        "(from_instruction (image_spec \"a\" (image_name \"a\")))\n"
        R"((arg_instruction (arg_declaration "=x" (value "x"))))"
        "\n"
        R"((arg_instruction (arg_declaration "b" (key "b")) (arg_declaration "=y" (value "y"))))"
        "\n");
}

TEST_CASE("a blank inside ${...}: splits ENV/COPY words, not WORKDIR/USER", "[words]") {
  // WORKDIR, USER and STOPSIGNAL take the rest of the line as one argument; ENV words and COPY
  // arguments are split at blanks (BuildKit then fails to expand `${a:-x`).
  CHECK(last("FROM a\nWORKDIR ${DIR:?set DIR}\n") ==
        R"((workdir_instruction (path "${DIR:?set DIR}" (expansion "${DIR:?set DIR}" (variable "DIR") (expansion_operator ":?") (expansion_argument "set DIR")))))");
  CHECK(last("FROM a\nUSER ${U:-app user}\n") ==
        R"((user_instruction (path "${U:-app user}" (expansion "${U:-app user}" (variable "U") (expansion_operator ":-") (expansion_argument "app user")))))");
  CHECK(last("FROM a\nENV A=\"${B:-x y}\"\n") ==
        R"((env_instruction (env_pair (key "A") (value "\"${B:-x y}\"" (double_quoted_string "\"${B:-x y}\"" (expansion "${B:-x y}" (variable "B") (expansion_operator ":-") (expansion_argument "x y")))))))");
  CHECK(parse("FROM a\nENV A=${B:-x y}\n").errors);  // BuildKit: can't find = in "y}"
}

// ---------------------------------------------------------------------------------------------
// Escape char + blanks + line end is a line continuation, even right after a word.

TEST_CASE("escape char, blanks, line end: a continuation after any word", "[words][escape]") {
  SECTION("ENV value") {
    const Parsed p = parse("FROM a\nENV a=b\\ \n  c=d\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(env \"a\" \"b\" \"=\" \"c\" \"d\" \"=\")\n");
    CHECK(last("FROM a\nENV a=b\\ \t\n  c=d\n") ==
          R"((env_instruction (env_pair (key "a") (value "b")) (env_pair (key "c") (value "d"))))");
  }
  SECTION("COPY path, flag value, image, key, quoted string, expansion argument") {
    CHECK(last("FROM a\nCOPY a\\ \n  b /c\n") == R"((copy_instruction (path "a") (path "b") (path "/c")))");
    CHECK(last("FROM a\nCOPY --from=x\\ \n  b /c\n") ==
          R"((copy_instruction (flag "--from=x" (flag_name "from") (flag_value "x")) (path "b") (path "/c")))");
    CHECK(last("FROM img\\ \n AS x\n") ==
          R"((from_instruction (image_spec "img" (image_name "img")) (image_alias "x")))");
    CHECK(last("FROM img:tag\\ \n AS x\n") ==
          R"((from_instruction (image_spec "img:tag" (image_name "img") (image_tag "tag")) (image_alias "x")))");
    CHECK(last("FROM a\nARG x\\ \n  y\n") ==
          R"((arg_instruction (arg_declaration "x" (key "x")) (arg_declaration "y" (key "y"))))");
    CHECK(last("FROM a\nLABEL a=\"x\\ \ny\"\n") ==
          R"((label_instruction (label_pair (key "a") (value "\"x\\ \ny\"" (double_quoted_string "\"x\\ \ny\"")))))");
    CHECK(last("FROM a\nENV a=${b:-x\\ \ny}\n") ==
          R"((env_instruction (env_pair (key "a") (value "${b:-x\\ \ny}" (expansion "${b:-x\\ \ny}" (variable "b") (expansion_operator ":-") (expansion_argument "x\\ \ny"))))))");
  }
  SECTION("not at the line end: the escaped blank stays in an ENV word") {
    const Parsed p = parse("FROM a\nENV a=b\\ c d=e\\  f=g\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump ==
          "(from \"a\")\n(env \"a\" \"b\\\\ c\" \"=\" \"d\" \"e\\\\ \" \"=\" \"f\" \"g\" \"=\")\n");
    CHECK(last("FROM a\nENV a=b\\ c d=e\\  f=g\n") ==
          R"((env_instruction (env_pair (key "a") (value "b\\ c")) (env_pair (key "d") (value "e\\ ")) (env_pair (key "f") (value "g"))))");
  }
  SECTION("not at the line end: COPY splits on blanks whatever precedes them") {
    const Parsed p = parse("FROM a\nCOPY a\\ b c\n");
    CHECK(p.dump == "(from \"a\")\n(copy \"a\\\\\" \"b\" \"c\")\n");
    CHECK(last("FROM a\nCOPY a\\ b c\n") == R"((copy_instruction (path "a\\") (path "b") (path "c")))");
  }
}

TEST_CASE("`word \\` + newline: the next line starts a new word, even at column 1", "[words]") {
  // BuildKit keeps the blank before the escape char: `a \` + `b` is `a b`, two words, while
  // `a\` + `b` is `ab`.
  const Parsed p = parse(
      "FROM a\nRUN --a=b \\\n--c=d echo\nENV a=1 \\\nb=2\nCOPY a \\\nb c\nFROM img \\\nAS x\n"
      "ARG a \\\nb\nHEALTHCHECK --interval=5s \\\nCMD x\nCOPY a\\\nb c\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump ==
        "(from \"a\")\n(run [\"--a=b\" \"--c=d\"] \"echo\")\n(env \"a\" \"1\" \"=\" \"b\" \"2\" \"=\")\n"
        "(copy \"a\" \"b\" \"c\")\n(from \"img\" \"AS\" \"x\")\n(arg \"a\" \"b\")\n"
        "(healthcheck [\"--interval=5s\"] \"CMD\" \"x\")\n(copy \"ab\" \"c\")\n");
  CHECK(p.outline ==
        R"((from_instruction (image_spec "a" (image_name "a"))))"
        "\n"
        R"((run_instruction (flag "--a=b" (flag_name "a") (flag_value "b")) (flag "--c=d" (flag_name "c") (flag_value "d")) (shell_command "echo" (shell_fragment "echo"))))"
        "\n"
        R"((env_instruction (env_pair (key "a") (value "1")) (env_pair (key "b") (value "2"))))"
        "\n"
        R"((copy_instruction (path "a") (path "b") (path "c")))"
        "\n"
        R"((from_instruction (image_spec "img" (image_name "img")) (image_alias "x")))"
        "\n"
        R"((arg_instruction (arg_declaration "a" (key "a")) (arg_declaration "b" (key "b"))))"
        "\n"
        R"((healthcheck_instruction (flag "--interval=5s" (flag_name "interval") (flag_value "5s")) (shell_command "x" (shell_fragment "x"))))"
        "\n"
        R"((copy_instruction (path "a\\\nb") (path "c")))"
        "\n");
}

// ---------------------------------------------------------------------------------------------
// Under `# escape=``, the backtick escapes and continues lines; a backslash is ordinary.

TEST_CASE("escape=`: backslashes are ordinary characters", "[words][escape]") {
  const std::string head = "# escape=`\nFROM a\n";
  SECTION("Windows paths ending in a backslash") {
    const Parsed p = parse(head + "WORKDIR C:\\app\\\nCOPY a\\ C:\\dest\\\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(workdir \"C:\\\\app\\\\\")\n(copy \"a\\\\\" \"C:\\\\dest\\\\\")\n");
    CHECK(last(head + "COPY a\\ C:\\dest\\\n") ==
          R"((copy_instruction (path "a\\") (path "C:\\dest\\")))");
  }
  SECTION("a backslash does not escape a quote") {
    const Parsed p = parse(head + "ENV P=C:\\x\\ Q=\"a\\\"b\"\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(env \"P\" \"C:\\\\x\\\\\" \"=\" \"Q\" \"\\\"a\\\\\\\"b\\\"\" \"=\")\n");
    CHECK(last(head + "ENV P=C:\\x\\ Q=\"a\\\"b\"\n") ==
          R"((env_instruction (env_pair (key "P") (value "C:\\x\\")) (env_pair (key "Q") (value "\"a\\\"b\"" (double_quoted_string "\"a\\\"") (double_quoted_string "\"")))))");
  }
  SECTION("the backtick escapes a quote and continues a line after a word") {
    const Parsed p = parse(head + "ENV A=x` \n  B=\"y`\"z\"\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"a\")\n(env \"A\" \"x\" \"=\" \"B\" \"\\\"y`\\\"z\\\"\" \"=\")\n");
    CHECK(last(head + "ENV A=x` \n  B=\"y`\"z\"\n") ==
          R"((env_instruction (env_pair (key "A") (value "x")) (env_pair (key "B") (value "\"y`\"z\"" (double_quoted_string "\"y`\"z\"")))))");
    CHECK(last(head + "COPY a`\nb c\n") == R"((copy_instruction (path "a`\nb") (path "c")))");
    CHECK(last(head + "RUN`\n echo\n") == R"((run_instruction (shell_command "echo" (shell_fragment "echo"))))");
  }
  SECTION("backticks are ordinary under the default escape char") {
    CHECK(last("FROM a\nENV A=\"`date`\" B=`x`\n") ==
          R"((env_instruction (env_pair (key "A") (value "\"`date`\"" (double_quoted_string "\"`date`\""))) (env_pair (key "B") (value "`x`"))))");
  }
  SECTION("flags: a backslash escapes whatever the escape char (BuildKit's extractBuilderFlags)") {
    CHECK(last(head + "COPY --chown=\"a\\\"b\" x y\n") ==
          R"((copy_instruction (flag "--chown=\"a\\\"b\"" (flag_name "chown") (flag_value "\"a\\\"b\"" (double_quoted_string "\"a\\\"b\""))) (path "x") (path "y")))");
  }
}

// ---------------------------------------------------------------------------------------------
// White space: BuildKit splits FROM/COPY/EXPOSE... on ASCII blanks only, but ENV/LABEL/ARG
// words on any Unicode space (Go's unicode.IsSpace).

TEST_CASE("non-ASCII spaces", "[words][space]") {
  const std::string nbsp = "\xC2\xA0";  // U+00A0, printed \u00a0 by Go's strconv.Quote
  SECTION("inside paths, images and unknown instruction words") {
    const Parsed p = parse("FROM img" + nbsp + "x\nCOPY a" + nbsp + "b c\nRUN" + nbsp + "x y\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump == "(from \"img\\u00a0x\")\n(copy \"a\\u00a0b\" \"c\")\n(run" + nbsp + "x \"\")\n");
    CHECK(p.outline ==
          R"((from_instruction (image_spec "img\u00a0x" (image_name "img\u00a0x"))))"
          "\n"
          R"((copy_instruction (path "a\u00a0b") (path "c")))"
          "\n"
          R"((unknown_instruction (unknown_keyword "RUN\u00a0x") (text "y")))"
          "\n");
  }
  SECTION("between ENV, LABEL and ARG words") {
    const std::string ideographic = "\xE3\x80\x80";  // U+3000
    const Parsed p = parse("FROM a\nENV a=b" + nbsp + "c=d\nLABEL x=\"1" + nbsp + "2\"" +
                           ideographic + "y=3\nARG u" + nbsp + "v=w\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump ==
          "(from \"a\")\n(env \"a\" \"b\" \"=\" \"c\" \"d\" \"=\")\n"
          "(label \"x\" \"\\\"1\\u00a02\\\"\" \"=\" \"y\" \"3\" \"=\")\n(arg \"u\" \"v=w\")\n");
    CHECK(p.outline ==
          R"((from_instruction (image_spec "a" (image_name "a"))))"
          "\n"
          R"((env_instruction (env_pair (key "a") (value "b")) (env_pair (key "c") (value "d"))))"
          "\n"
          R"((label_instruction (label_pair (key "x") (value "\"1\u00a02\"" (double_quoted_string "\"1\u00a02\""))) (label_pair (key "y") (value "3"))))"
          "\n"
          R"((arg_instruction (arg_declaration "u" (key "u")) (arg_declaration "v=w" (key "v") (value "w"))))"
          "\n");
  }
}

// ---------------------------------------------------------------------------------------------
// A `$` that starts no variable reference is literal (BuildKit's shell lexer keeps `$` when no
// name follows it); `$1`, `$@`, `$$`... are its special parameters.

TEST_CASE("a lone $ is literal text", "[words][dollar]") {
  const Parsed p = parse(
      "FROM a$\nENV a=$ b=c$ d=\"x$\" e=\"$\"\nLABEL x=$ y=$.z\nCOPY $ /x$ ./\nWORKDIR /$\n"
      "ARG v=$\nCOPY --chown=$ a b\nUSER $\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.diagnostics.empty());
  CHECK(p.dump ==
        "(from \"a$\")\n(env \"a\" \"$\" \"=\" \"b\" \"c$\" \"=\" \"d\" \"\\\"x$\\\"\" \"=\" \"e\" "
        "\"\\\"$\\\"\" \"=\")\n(label \"x\" \"$\" \"=\" \"y\" \"$.z\" \"=\")\n(copy \"$\" \"/x$\" "
        "\"./\")\n(workdir \"/$\")\n(arg \"v=$\")\n(copy [\"--chown=$\"] \"a\" \"b\")\n(user "
        "\"$\")\n");
  CHECK(
      last("FROM a\nENV a=$ b=c$ d=\"x$\"\n") ==
      R"((env_instruction (env_pair (key "a") (value "$")) (env_pair (key "b") (value "c$")) (env_pair (key "d") (value "\"x$\"" (double_quoted_string "\"x$\"")))))");
  CHECK(last("FROM a\nCOPY $ /x$ ./\n") ==
        R"((copy_instruction (path "$") (path "/x$") (path "./")))");
  // Followed by a name or `{`, it is still a reference.
  CHECK(
      last("FROM a\nENV a=$.b$c/${d}$\n") ==
      R"((env_instruction (env_pair (key "a") (value "$.b$c/${d}$" (expansion "$c" (variable "c")) (expansion "${d}" (variable "d"))))))");
}

TEST_CASE("LABEL x=$ y: the $ is literal, the missing = is BuildKit's error", "[words][dollar]") {
  const Parsed p = parse("FROM a\nLABEL x=$ y\n");
  CHECK(p.diagnostics ==
        "2:1: error: Syntax error - can't find = in \"y\". Must be of the form: name=value\n");
}

TEST_CASE("$1, $@, $$ and the other special parameters are references", "[words][dollar]") {
  const Parsed p = parse("FROM a\nENV a=$1 b=$@ c=$$ d=${0} e=$-x f=x$?\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(
      last("FROM a\nENV a=$1 b=$@x c=$$\n") ==
      R"((env_instruction (env_pair (key "a") (value "$1" (expansion "$1" (variable "1")))) (env_pair (key "b") (value "$@x" (expansion "$@" (variable "@")))) (env_pair (key "c") (value "$$" (expansion "$$" (variable "$"))))))");
}

// ---------------------------------------------------------------------------------------------
// The legacy `ENV key value` form (BuildKit's parseNameVal): when the first word (split as
// parseWords splits, quotes and escapes kept) has no `=`, the key is the text up to the first
// ASCII blank and the value is the rest of the line, raw.

TEST_CASE("legacy ENV/LABEL: the key ends at the first blank, escaped or quoted",
          "[words][legacy]") {
  const Parsed p = parse(
      "FROM a\nENV a\\ b c\nENV \"a b\" c\nENV a\"b c\" d\nLABEL a'b c' d e\n"
      "ENV a\xC2\xA0"
      "b=c d=e\nENV k v=w x\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump ==
        "(from \"a\")\n(env \"a\\\\\" \"b c\" \"\")\n(env \"\\\"a\" \"b\\\" c\" \"\")\n"
        "(env \"a\\\"b\" \"c\\\" d\" \"\")\n(label \"a'b\" \"c' d e\" \"\")\n"
        "(env \"a\\u00a0b=c\" \"d=e\" \"\")\n(env \"k\" \"v=w x\" \"\")\n");
  CHECK(p.outline == R"((from_instruction (image_spec "a" (image_name "a"))))"
                     "\n"
                     R"((env_instruction (env_pair (key "a\\") (value "b c"))))"
                     "\n"
                     R"((env_instruction (env_pair (key "\"a") (value "b\" c"))))"
                     "\n"
                     R"((env_instruction (env_pair (key "a\"b") (value "c\" d"))))"
                     "\n"
                     R"((label_instruction (label_pair (key "a'b") (value "c' d e"))))"
                     "\n"
                     R"((env_instruction (env_pair (key "a\u00a0b=c") (value "d=e"))))"
                     "\n"
                     R"((env_instruction (env_pair (key "k") (value "v=w x"))))"
                     "\n");
}

TEST_CASE("legacy ENV: an = anywhere in the first word makes pairs", "[words][legacy]") {
  // `a\ b=c` is one word with an `=`: the pair form, key `a\ b`.
  CHECK(last("FROM a\nENV a\\ b=c\n") ==
        R"((env_instruction (env_pair (key "a\\ b") (value "c"))))");
  // A continuation inside the first word: the word goes on at the start of the next line.
  CHECK(last("FROM a\nENV a\\\nb=c\n") ==
        R"((env_instruction (env_pair (key "a\\\nb") (value "c"))))");
  const Parsed p = parse("FROM a\nENV a\\\nb c\nENV x \\\n  # comment\n  y z\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump == "(from \"a\")\n(env \"ab\" \"c\" \"\")\n(env \"x\" \"y z\" \"\")\n");
  // One word and nothing else is BuildKit's error.
  CHECK(parse("FROM a\nENV PATH\n").errors);
  CHECK(parse("FROM a\nLABEL a\\ \n").errors);
}

// ---------------------------------------------------------------------------------------------
// A trailing escape char that is not a continuation: BuildKit's continuation regexp needs a
// char other than the escape char before it (`([^\\])\\[ \t]*$`).

TEST_CASE("an escape char after an escaped escape char ends no line", "[words][escape]") {
  SECTION("default escape char: C:\\app\\\\\\ is a path, not a continuation") {
    const Parsed p = parse("FROM a\nCOPY a b C:\\app\\\\\\\nRUN x\nENV v=x\\\\\\ \nRUN y\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump ==
          "(from \"a\")\n(copy \"a\" \"b\" \"C:\\\\app\\\\\\\\\\\\\")\n(run \"x\")\n"
          "(env \"v\" \"x\\\\\\\\\" \"=\")\n(run \"y\")\n");
    CHECK(last("FROM a\nCOPY a b C:\\app\\\\\\\n") ==
          R"((copy_instruction (path "a") (path "b") (path "C:\\app\\\\\\")))");
  }
  SECTION("escape=`: C:\\app\\ ends in an ordinary char; ``` is no continuation either") {
    const Parsed p = parse("# escape=`\nFROM a\nCOPY a b C:\\app\\\nRUN x\nCOPY c d```\nRUN y\n");
    INFO(p.outline << p.diagnostics);
    CHECK_FALSE(p.errors);
    CHECK(p.dump ==
          "(from \"a\")\n(copy \"a\" \"b\" \"C:\\\\app\\\\\")\n(run \"x\")\n"
          "(copy \"c\" \"d```\")\n(run \"y\")\n");
  }
  SECTION("default escape char: C:\\app\\ continues the line, as in BuildKit") {
    const Parsed p = parse("FROM a\nCOPY a b C:\\app\\\nRUN x\n");
    CHECK(p.dump == "(from \"a\")\n(copy \"a\" \"b\" \"C:\\\\appRUN\" \"x\")\n");
  }
}

// ---------------------------------------------------------------------------------------------
// \v, \f and CR. BuildKit splits lines at line feeds only and drops every CR before one
// (trimNewline); its word splitters take \v, \f and a lone CR for blanks ([\t\v\f\r ]+,
// unicode.IsSpace); only blanks may follow the escape char of a continuation.

TEST_CASE("vertical tab and form feed separate words", "[words][space]") {
  const Parsed p = parse(
      "FROM a\vAS\fb\nCOPY a\vb c\nENV a=b\fc=d\nARG x\vy=z\nRUN\vecho \vhi\nEXPOSE 80\v\n"
      "\v\fRUN x\n\f# comment\nCOPY --from=b\va d\n");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump ==
        "(from \"a\" \"AS\" \"b\")\n(copy \"a\" \"b\" \"c\")\n(env \"a\" \"b\" \"=\" \"c\" \"d\" "
        "\"=\")\n(arg \"x\" \"y=z\")\n(run \"echo \\vhi\")\n(expose \"80\")\n(run \"x\")\n"
        "(copy [\"--from=b\"] \"a\" \"d\")\n");
  CHECK(last("FROM a\nCOPY a\vb c\n") == R"((copy_instruction (path "a") (path "b") (path "c")))");
  // In shell text it is text.
  CHECK(last("FROM a\nRUN\vecho \vhi\n") ==
        R"((run_instruction (shell_command "echo \vhi" (shell_fragment "echo \vhi"))))");
}

TEST_CASE("CRs: the line ends at CR...CR LF, a lone CR separates words", "[words][space]") {
  const Parsed p = parse(
      "FROM a\r\r\nRUN x \\\r\r\n  y\r\r\nCOPY a\rb c\nENV a=b\rc=d\nENV k=\"x\r\r\n"
      "# a comment\rwith a CR\nLABEL l=1\r");
  INFO(p.outline << p.diagnostics);
  CHECK_FALSE(p.errors);
  CHECK(p.dump ==
        "(from \"a\")\n(run \"x   y\")\n(copy \"a\" \"b\" \"c\")\n(env \"a\" \"b\" \"=\" \"c\" "
        "\"d\" \"=\")\n(env \"k\" \"\\\"x\" \"=\")\n(label \"l\" \"1\" \"=\")\n");
  CHECK(
      p.outline ==
      R"((from_instruction (image_spec "a" (image_name "a"))))"
      "\n"
      R"((run_instruction (shell_command "x \\\r\r\n  y" (shell_fragment "x ") (shell_fragment "y"))))"
      "\n"
      R"((copy_instruction (path "a") (path "b") (path "c")))"
      "\n"
      R"((env_instruction (env_pair (key "a") (value "b")) (env_pair (key "c") (value "d"))))"
      "\n"
      R"((env_instruction (env_pair (key "k") (value "\"x" (double_quoted_string "\"x")))))"
      "\n"
      R"((comment "# a comment\rwith a CR"))"
      "\n"
      R"((label_instruction (label_pair (key "l") (value "1"))))"
      "\n");
}

// ---------------------------------------------------------------------------------------------
// Property: the tree splits arguments into the words BuildKit's parser splits them into, on the
// whole corpus, the BuildKit fixtures and the inputs above.

namespace property {

// The field children of `node` named `field` (instructions nest no further for these).
std::vector<TSNode> field_children(TSNode node, std::string_view field) {
  std::vector<TSNode> out;
  for_each_child_with_field(node, [&](TSNode child, std::string_view f) {
    if (f == field) out.push_back(child);
  });
  return out;
}

bool has_continuation(TSNode node) {
  bool found = false;
  walk(node, [&](TSNode n) {
    if (type_of(n) == node_type::kLineContinuation) found = true;
    return !found;
  });
  return found;
}

// Compares the tree's words of one instruction with BuildKit's node. Returns a description of
// the first difference, or "".
std::string compare(const Document& doc, TSNode instruction, const BuildkitNode& bk) {
  const std::string_view type = type_of(instruction);
  if (ts_node_has_error(instruction)) return "";  // BuildKit's line parser is more lenient
  std::size_t flags = 0;  // a bare `--` ends the flags and is no flag for BuildKit
  for (const TSNode flag : field_children(instruction, "flag")) flags += doc.node_text(flag) != "--";
  if (flags != bk.flags.size()) {
    return "flags: tree " + std::to_string(flags) + ", BuildKit " + std::to_string(bk.flags.size());
  }
  auto count = [&](std::string_view field, std::size_t want) -> std::string {
    const std::size_t got = field_children(instruction, field).size();
    if (got == want) return "";
    return std::string(field) + ": tree " + std::to_string(got) + ", BuildKit " +
           std::to_string(want);
  };
  if (type == "env_instruction" || type == "label_instruction") {
    const std::vector<TSNode> pairs = field_children(instruction, "pair");
    if (bk.args.size() == 3 && bk.args[2].empty()) {  // legacy form: key, raw rest of line
      if (std::string d = count("pair", 1); !d.empty()) return d;
      for (std::size_t k = 0; k < 2; ++k) {
        const TSNode node =
            ts_node_child_by_field_name(pairs[0], k == 0 ? "name" : "value", k == 0 ? 4 : 5);
        if (ts_node_is_null(node) || has_continuation(node)) continue;
        const std::string_view text = go::trim_space(doc.node_text(node));
        if (text != bk.args[k]) {
          return std::string(k == 0 ? "legacy key" : "legacy value") + ": tree " + go::quote(text) +
                 ", BuildKit " + go::quote(bk.args[k]);
        }
      }
      return "";
    }
    if (std::string d = count("pair", bk.args.size() / 3); !d.empty()) return d;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const TSNode name = ts_node_child_by_field_name(pairs[i], "name", 4);
      if (has_continuation(name)) continue;
      if (doc.node_text(name) != bk.args[3 * i]) {
        return "key " + std::to_string(i) + ": tree " + go::quote(doc.node_text(name)) +
               ", BuildKit " + go::quote(bk.args[3 * i]);
      }
    }
    return "";
  }
  if (type == "arg_instruction") return count("argument", bk.args.size());
  if (bk.json) return "";
  if (type == "copy_instruction" || type == "add_instruction" || type == "volume_instruction") {
    return count("path", bk.args.size());
  }
  if (type == "expose_instruction") return count("port", bk.args.size());
  if (type == "from_instruction") {
    const bool alias = !ts_node_is_null(ts_node_child_by_field_name(instruction, "name", 4));
    const std::size_t words = alias ? 3 : 1;
    if (words != bk.args.size()) {
      return "FROM words: tree " + std::to_string(words) + ", BuildKit " +
             std::to_string(bk.args.size());
    }
  }
  return "";
}

void check_words(const std::string& name, const std::string& text) {
  const Document doc(text);
  const BuildkitParse parse = buildkit_parse(doc);
  for (const BuildkitInstruction& item : parse.instructions) {
    if (!item.node) continue;
    const std::string difference = compare(doc, item.line.instruction, *item.node);
    if (!difference.empty()) {
      FAIL_CHECK(name << ":" << item.line.start_row + 1 << ": " << difference << "\n  line: "
                      << go::quote(item.line.text));
    }
  }
}

}  // namespace property

TEST_CASE("the tree's words are BuildKit's words", "[words][property]") {
  int files = 0;
  const auto corpus = testing::shared_path("corpus");
  if (!corpus) return;
  std::istringstream manifest(testing::read_file(*corpus / "MANIFEST.tsv"));
  std::string line;
  std::getline(manifest, line);  // header
  while (std::getline(manifest, line)) {
    if (line.empty()) continue;
    const std::string name = line.substr(0, line.find('\t'));
    property::check_words(name, testing::read_file(*corpus / name));
    ++files;
  }
  for (const char* dir : {"conformance/buildkit-parser", "conformance/buildkit-parser-inline"}) {
    const auto path = testing::shared_path(dir);
    if (!path) return;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(*path)) {
      if (!entry.is_regular_file() || entry.path().filename() != "Dockerfile") continue;
      property::check_words(entry.path().string(), testing::read_file(entry.path()));
      ++files;
    }
  }
  CHECK(files > 700);
  property::check_words(
      "inline",
      "FROM a\nRUN --a=b \\\n--c=d echo\nENV a=1 \\\nb=2\nCOPY a \\\nb c\nFROM img \\\nAS x\n"
      "ARG a \\\nb\nCOPY a\\\nb c\nENV a=b\\ c d=e\\  f=g\nCOPY a\\ b c\n"
      "ENV a=b\xC2\xA0"
      "c=d\nCOPY a\xC2\xA0"
      "b c\n# escape\nFROM x\n"
      "ENV a\\ b c\nENV \"a b\" c\nLABEL a'b c' d\nENV a=$ b=c$\nCOPY $ a\\\\\\\nRUN x\n"
      "COPY a\vb\rc d\r\r\nENV a=b\fc=d\rE=f\n");
  property::check_words("escape=`", "# escape=`\nFROM a\nCOPY a\\ C:\\dest\\\nENV P=C:\\x\\ Q=\"a\\\"b\"\n"
                          "ENV A=x` \n  B=\"y`\"z\"\n");
}

}  // namespace
}  // namespace whalesafe::syntax
