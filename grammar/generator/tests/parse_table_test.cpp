// Tests of the LR side of tsgen: conflict reports, precedence, repetitions,
// and end-to-end: a small grammar rendered to C, compiled, loaded and used
// with the real tree-sitter runtime (fields, aliases, hidden rules, extras,
// error recovery, queries).
#include "parse_table.h"

#include <tree_sitter/api.h>

#include <catch2/catch.hpp>
#include <string>

#include "compiled_language.h"
#include "grammar_error.h"
#include "grammar_ir.h"
#include "prepared_grammar.h"
#include "render_parser.h"

using tsgen_test::CompiledLanguage;

namespace {

std::string generate(const std::string& grammar_json) {
  const auto grammar = tsgen::prepare_grammar(tsgen::parse_grammar_json(grammar_json));
  const auto table = tsgen::build_parse_table(grammar);
  return tsgen::render_parser(grammar, table);
}

std::string generation_error(const std::string& grammar_json) {
  try {
    generate(grammar_json);
  } catch (const tsgen::GrammarError& error) {
    return error.what();
  }
  return "";
}

// Expression grammar; `binary` is filled in per test.
std::string expression_grammar(const std::string& binary) {
  return R"({"name": "expr", "rules": {
    "program": {"type": "REPEAT", "content": {"type": "SYMBOL", "name": "_expression"}},
    "_expression": {"type": "CHOICE", "members": [
      {"type": "SYMBOL", "name": "number"}, {"type": "SYMBOL", "name": "binary"}]},
    "binary": )" +
         binary + R"(,
    "number": {"type": "PATTERN", "value": "[0-9]+"}},
    "extras": [{"type": "PATTERN", "value": "\\s"}]})";
}

const char* kPlus = R"({"type": "SEQ", "members": [
      {"type": "FIELD", "name": "left", "content": {"type": "SYMBOL", "name": "_expression"}},
      {"type": "STRING", "value": "+"},
      {"type": "FIELD", "name": "right", "content": {"type": "SYMBOL", "name": "_expression"}}]})";

}  // namespace

TEST_CASE("an unresolved shift/reduce conflict is a readable error naming the rules", "[lr]") {
  const std::string message = generation_error(expression_grammar(kPlus));
  INFO(message);
  REQUIRE_FALSE(message.empty());
  CHECK(message.find("unresolved conflict") != std::string::npos);
  CHECK(message.find("binary") != std::string::npos);
  CHECK(message.find("'+'") != std::string::npos);
  CHECK(message.find("prec") != std::string::npos);
}

TEST_CASE("prec.left resolves the conflict and groups to the left", "[lr][e2e]") {
  const std::string binary = std::string(R"({"type": "PREC_LEFT", "value": 1, "content": )") + kPlus + "}";
  const std::string code = generate(expression_grammar(binary));
  CompiledLanguage language(code, "expr");
  CHECK(language.parse("1 + 2 + 3") ==
        "(program (binary left: (binary left: (number) right: (number)) right: (number)))");
  const std::string right = std::string(R"({"type": "PREC_RIGHT", "value": 1, "content": )") + kPlus + "}";
  CompiledLanguage right_language(generate(expression_grammar(right)), "expr");
  CHECK(right_language.parse("1 + 2 + 3") ==
        "(program (binary left: (number) right: (binary left: (number) right: (number))))");
}

TEST_CASE("a declared conflict keeps both actions (GLR)", "[lr]") {
  std::string grammar = expression_grammar(kPlus);
  grammar.insert(grammar.rfind('}'), R"(, "conflicts": [["binary"]])");
  CHECK_NOTHROW(generate(grammar));
}

TEST_CASE("repetitions use REDUCE + SHIFT_REPEAT", "[lr]") {
  const std::string code = generate(R"({"name": "rep", "rules": {
    "list": {"type": "REPEAT1", "content": {"type": "SYMBOL", "name": "item"}},
    "item": {"type": "PATTERN", "value": "[a-z]+"}},
    "extras": [{"type": "PATTERN", "value": "\\s"}]})");
  CHECK(code.find("SHIFT_REPEAT(") != std::string::npos);
  CHECK(code.find("REDUCE(aux_sym_list_repeat1, 2") != std::string::npos);
}

TEST_CASE("ambiguous tokens are an error naming both tokens", "[lr][lex]") {
  const std::string message = generation_error(R"({"name": "amb", "rules": {
    "start": {"type": "CHOICE", "members": [{"type": "SYMBOL", "name": "word"}, {"type": "SYMBOL", "name": "name"}]},
    "word": {"type": "PATTERN", "value": "[a-z]+"},
    "name": {"type": "PATTERN", "value": "[a-z]+[0-9]*"}}})");
  INFO(message);
  CHECK(message.find("word") != std::string::npos);
  CHECK(message.find("name") != std::string::npos);
}

TEST_CASE("undefined symbols and empty repeats are reported", "[lr]") {
  CHECK(generation_error(R"({"name": "x", "rules": {"a": {"type": "SYMBOL", "name": "nope"}}})")
            .find("undefined symbol 'nope'") != std::string::npos);
  CHECK(generation_error(R"({"name": "x", "rules": {"a": {"type": "REPEAT1", "content":
      {"type": "CHOICE", "members": [{"type": "STRING", "value": "b"}, {"type": "BLANK"}]}}}})")
            .find("can be empty") != std::string::npos);
}

TEST_CASE("end to end: fields, aliases, hidden rules, extras, keywords, recovery, queries", "[lr][e2e]") {
  // statement: 'let' name '=' value ';'   with comments as extras, keywords from `word`.
  const std::string code = generate(R"json({"name": "mini", "word": "identifier", "rules": {
    "program": {"type": "REPEAT", "content": {"type": "SYMBOL", "name": "_statement"}},
    "_statement": {"type": "CHOICE", "members": [{"type": "SYMBOL", "name": "let"}, {"type": "SYMBOL", "name": "call"}]},
    "let": {"type": "SEQ", "members": [
      {"type": "ALIAS", "content": {"type": "PATTERN", "value": "[Ll][Ee][Tt]"}, "named": false, "value": "let"},
      {"type": "FIELD", "name": "name", "content": {"type": "SYMBOL", "name": "identifier"}},
      {"type": "STRING", "value": "="},
      {"type": "FIELD", "name": "value", "content": {"type": "SYMBOL", "name": "_value"}},
      {"type": "STRING", "value": ";"}]},
    "call": {"type": "SEQ", "members": [
      {"type": "FIELD", "name": "function", "content": {"type": "ALIAS", "content": {"type": "SYMBOL", "name": "identifier"}, "named": true, "value": "function_name"}},
      {"type": "STRING", "value": "("},
      {"type": "REPEAT", "content": {"type": "FIELD", "name": "argument", "content": {"type": "SYMBOL", "name": "_value"}}},
      {"type": "STRING", "value": ")"}, {"type": "STRING", "value": ";"}]},
    "_value": {"type": "CHOICE", "members": [{"type": "SYMBOL", "name": "number"}, {"type": "SYMBOL", "name": "identifier"}]},
    "identifier": {"type": "PATTERN", "value": "[a-zA-Z_][a-zA-Z0-9_]*"},
    "number": {"type": "PATTERN", "value": "[0-9]+"},
    "comment": {"type": "PATTERN", "value": "#[^\\n]*"}},
    "extras": [{"type": "PATTERN", "value": "\\s"}, {"type": "SYMBOL", "name": "comment"}]})json");
  CompiledLanguage language(code, "mini");
  CHECK(language.parse("let x = 1; # note\nLET lettuce = x;") ==
        "(program (let name: (identifier) value: (number)) (comment) (let name: (identifier) value: (identifier)))");
  CHECK(language.parse("print(1 a 2);") ==
        "(program (call function: (function_name) argument: (number) argument: (identifier) argument: (number)))");
  // A broken statement is confined; the next one parses.
  const std::string broken = language.parse("let = 1; let y = 2;");
  CHECK(broken.find("ERROR") != std::string::npos);
  CHECK(broken.find("(let name: (identifier) value: (number))") != std::string::npos);
  CHECK(language.parse("") == "(program)");

  // Queries over fields, aliases and anonymous nodes compile; impossible ones are rejected.
  uint32_t offset = 0;
  TSQueryError error = TSQueryErrorNone;
  const std::string good = R"((let name: (identifier) @name value: (_) @value) (call function: (function_name) @f) "let" @kw)";
  TSQuery* query = ts_query_new(language.language(), good.data(), static_cast<uint32_t>(good.size()), &offset, &error);
  CHECK(error == TSQueryErrorNone);
  if (query) ts_query_delete(query);
  const std::string impossible = "(identifier (number))";
  query = ts_query_new(language.language(), impossible.data(), static_cast<uint32_t>(impossible.size()), &offset, &error);
  CHECK(error == TSQueryErrorStructure);
  if (query) ts_query_delete(query);
}
