// grammar/queries/*.scm compile against the generated language and capture what they should
// on a sample Dockerfile.
#include <catch2/catch.hpp>
#include <tree_sitter/api.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

extern "C" const TSLanguage* tree_sitter_dockerfile(void);

namespace {

std::filesystem::path queries_dir() {
#ifdef WHALESAFE_SOURCE_DIR
  const std::filesystem::path source = WHALESAFE_SOURCE_DIR;
#else
  const std::filesystem::path source = ".";
#endif
  return source / "grammar" / "queries";
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* error_name(TSQueryError e) {
  switch (e) {
    case TSQueryErrorNone: return "none";
    case TSQueryErrorSyntax: return "syntax";
    case TSQueryErrorNodeType: return "node type";
    case TSQueryErrorField: return "field";
    case TSQueryErrorCapture: return "capture";
    case TSQueryErrorStructure: return "structure";
    case TSQueryErrorLanguage: return "language";
  }
  return "?";
}

struct Query {
  TSQuery* query = nullptr;
  uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  explicit Query(const std::string& source) {
    query = ts_query_new(tree_sitter_dockerfile(), source.data(),
                         static_cast<uint32_t>(source.size()), &error_offset, &error);
  }
  ~Query() {
    if (query) ts_query_delete(query);
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
};

// Compiles a query file, failing with the position and kind of the error.
void require_compiles(const Query& q, const std::string& source) {
  if (q.query) return;
  const size_t line_start = source.rfind('\n', q.error_offset ? q.error_offset - 1 : 0);
  const std::string context =
      source.substr(line_start == std::string::npos ? 0 : line_start + 1, 80);
  FAIL("query error (" << error_name(q.error) << ") at offset " << q.error_offset << ": "
                       << context);
}

struct Tree {
  std::string text;
  TSParser* parser;
  TSTree* tree;
  explicit Tree(std::string t) : text(std::move(t)), parser(ts_parser_new()), tree(nullptr) {
    REQUIRE(ts_parser_set_language(parser, tree_sitter_dockerfile()));
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
    REQUIRE(tree != nullptr);
  }
  ~Tree() {
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  std::string node_text(TSNode n) const {
    return text.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }
};

struct Capture {
  std::string name;
  std::string text;
  uint32_t pattern;
  bool operator<(const Capture& o) const {
    return std::tie(name, text, pattern) < std::tie(o.name, o.text, o.pattern);
  }
};

// Every (capture name, node text) of every match.
std::vector<Capture> captures(const Query& q, const Tree& t) {
  std::vector<Capture> out;
  TSQueryCursor* cursor = ts_query_cursor_new();
  ts_query_cursor_exec(cursor, q.query, ts_tree_root_node(t.tree));
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor, &match)) {
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      uint32_t len = 0;
      const char* name = ts_query_capture_name_for_id(q.query, match.captures[i].index, &len);
      out.push_back({std::string(name, len), t.node_text(match.captures[i].node),
                     match.pattern_index});
    }
  }
  ts_query_cursor_delete(cursor);
  return out;
}

bool has(const std::vector<Capture>& caps, const std::string& name, const std::string& text) {
  for (const Capture& c : caps) {
    if (c.name == name && c.text == text) return true;
  }
  return false;
}

std::string describe(const std::vector<Capture>& caps) {
  std::ostringstream os;
  for (const Capture& c : caps) os << "\n  @" << c.name << " `" << c.text << "`";
  return os.str();
}

// The `#set! key value` pairs of a pattern.
std::map<std::string, std::string> settings(const Query& q, uint32_t pattern) {
  std::map<std::string, std::string> out;
  uint32_t count = 0;
  const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(q.query, pattern, &count);
  std::vector<std::string> words;
  for (uint32_t i = 0; i < count; ++i) {
    const TSQueryPredicateStep& s = steps[i];
    if (s.type == TSQueryPredicateStepTypeDone) {
      if (words.size() >= 2 && words[0] == "set!") {
        out[words[1]] = words.size() >= 3 ? words[2] : "";
      }
      words.clear();
    } else {
      uint32_t len = 0;
      const char* str = s.type == TSQueryPredicateStepTypeString
                            ? ts_query_string_value_for_id(q.query, s.value_id, &len)
                            : ts_query_capture_name_for_id(q.query, s.value_id, &len);
      words.emplace_back(str, len);
    }
  }
  return out;
}

const char* const kSample =
    "# syntax=docker/dockerfile:1\n"
    "# a comment\n"
    "ARG BASE=alpine\n"
    "FROM --platform=$BUILDPLATFORM ${BASE}:3.19@sha256:abc AS build\n"
    "ENV PATH=\"/opt/bin:${PATH:-/bin}\" MODE='x'\n"
    "LABEL maintainer James\n"
    "RUN apk add --no-cache curl \\\n"
    "    && echo done\n"
    "RUN <<EOF\n"
    "set -e\n"
    "EOF\n"
    "COPY <<CONF /etc/app.conf\n"
    "key=value\n"
    "CONF\n"
    "COPY --from=build /src [\"a b\"] /dst/\n"
    "CMD [\"/bin/app\", \"--flag\"]\n"
    "ENTRYPOINT exec app\n"
    "HEALTHCHECK --interval=5s CMD curl -f http://localhost/\n"
    "EXPOSE 8080/tcp\n"
    "STOPSIGNAL SIGTERM\n"
    "FOO bar\n";

}  // namespace

TEST_CASE("highlights.scm compiles and captures", "[queries]") {
  const std::string source = read_file(queries_dir() / "highlights.scm");
  Query q(source);
  require_compiles(q, source);

  Tree t(kSample);
  const std::vector<Capture> caps = captures(q, t);
  INFO("captures:" << describe(caps));
  CHECK(has(caps, "keyword", "FROM"));
  CHECK(has(caps, "keyword", "AS"));
  CHECK(has(caps, "keyword", "RUN"));
  CHECK(has(caps, "keyword", "HEALTHCHECK"));
  CHECK(has(caps, "keyword", "FOO"));
  CHECK(has(caps, "comment", "# a comment"));
  CHECK(has(caps, "keyword.directive", "# syntax=docker/dockerfile:1"));
  CHECK(has(caps, "punctuation.special", "\\\n"));
  CHECK(has(caps, "label", "3.19"));
  CHECK(has(caps, "constant", "sha256:abc"));
  CHECK(has(caps, "type", "build"));
  CHECK(has(caps, "attribute", "platform"));
  CHECK(has(caps, "attribute", "from"));
  CHECK(has(caps, "variable", "BUILDPLATFORM"));
  CHECK(has(caps, "variable", "BASE"));
  CHECK(has(caps, "variable", "PATH"));
  CHECK(has(caps, "operator", ":-"));
  CHECK(has(caps, "punctuation.special", "{"));
  CHECK(has(caps, "property", "PATH"));
  CHECK(has(caps, "property", "BASE"));
  CHECK(has(caps, "property", "maintainer"));
  CHECK(has(caps, "string", "'x'"));
  CHECK(has(caps, "string", "James"));
  CHECK(has(caps, "string", "\"/bin/app\""));
  CHECK(has(caps, "punctuation.bracket", "["));
  CHECK(has(caps, "label", "<<EOF"));
  CHECK(has(caps, "label", "CONF"));
  CHECK(has(caps, "string", "key=value\n"));
  CHECK_FALSE(has(caps, "string", "set -e\n"));  // RUN heredoc: bash injection
  CHECK(has(caps, "string.special.path", "/dst/"));
  CHECK(has(caps, "number", "8080/tcp"));
  CHECK(has(caps, "constant", "SIGTERM"));
  CHECK_FALSE(has(caps, "string.special.path", "8080/tcp"));
  CHECK_FALSE(has(caps, "string.special.path", "SIGTERM"));
}

TEST_CASE("injections.scm compiles and injects bash where it should", "[queries]") {
  const std::string source = read_file(queries_dir() / "injections.scm");
  Query q(source);
  require_compiles(q, source);

  Tree t(kSample);
  std::set<std::string> injected;
  for (const Capture& c : captures(q, t)) {
    REQUIRE(c.name == "injection.content");
    CHECK(settings(q, c.pattern).at("injection.language") == "bash");
    injected.insert(c.text);
  }
  const std::set<std::string> expected{
      "apk add --no-cache curl \\\n    && echo done",  // RUN, across the continuation
      "<<EOF",                                         // RUN with a heredoc: its command
      "set -e\n",                                      // RUN heredoc body
      "exec app",                                      // ENTRYPOINT shell form
      "curl -f http://localhost/",                     // HEALTHCHECK CMD
  };
  CHECK(injected == expected);  // not the COPY heredoc body, not exec form
}

TEST_CASE("injections keep children of shell_command", "[queries]") {
  const std::string source = read_file(queries_dir() / "injections.scm");
  Query q(source);
  require_compiles(q, source);
  for (uint32_t i = 0; i < ts_query_pattern_count(q.query); ++i) {
    const auto s = settings(q, i);
    CHECK(s.count("injection.language") == 1);
  }
}

TEST_CASE("the language rejects impossible query patterns", "[queries]") {
  // Query compilation analyses the parse table; an impossible pattern is a structure error.
  for (const char* bad : {"(json_string_array (from_instruction))", "(heredoc (path))",
                          "(env_pair (heredoc_marker))"}) {
    INFO(bad);
    Query q(bad);
    CHECK(q.query == nullptr);
    CHECK(q.error == TSQueryErrorStructure);
  }
  for (const char* good : {"(copy_instruction path: (heredoc_marker) @m)",
                           "(run_instruction heredoc: (heredoc end: (heredoc_end)))",
                           "(onbuild_instruction instruction: (run_instruction))",
                           "(from_instruction \"AS\" (image_alias))"}) {
    INFO(good);
    Query q(good);
    CHECK(q.query != nullptr);
  }
}
