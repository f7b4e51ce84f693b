// Shared helpers of the Dockerfile grammar's property tests (tests/grammar/): parsing, a full
// tree dump, error lookup, points, marked sources and access to the shared reference data.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::grammar_test {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

// A parser with the Dockerfile language set (aborts the test when the language is refused).
ParserPtr make_parser();

// Parses `text`, reusing `old_tree` (already edited) when given.
TreePtr parse(TSParser* parser, std::string_view text, const TSTree* old_tree = nullptr);

// Tree-sitter's point of a byte offset: row = number of '\n' before it, column = bytes since
// the last '\n' (a '\r' is an ordinary column byte).
TSPoint point_at(std::string_view text, uint32_t byte);

// Every node (named and anonymous, extras included) in pre-order, one per line:
//   <indent><field>: <type> [start-end] (row:col-row:col) MISSING EXTRA HAS_ERROR
// Anonymous node types are quoted. Two trees have the same dump iff they have the same
// shape, types, fields, byte ranges, points and MISSING/extra/has-error flags (hidden nodes,
// e.g. a MISSING hidden token, only show through HAS_ERROR of their visible ancestors).
std::string dump(TSNode root);

// ERROR and MISSING nodes in document order (the outermost ERROR only; MISSING nodes inside
// an ERROR are not listed separately). A MISSING hidden token is not a visible node: its
// innermost visible ancestor is listed instead.
std::vector<TSNode> problems(TSNode root);

// "line:col" (both 1-based, column in bytes) of a byte offset.
std::string line_col(std::string_view text, uint32_t byte);

// A human description of a problem node: its position, kind (ERROR / MISSING x), the chain of
// ancestors, the source line it starts on and the error node's own S-expression (shortened).
std::string describe_problem(std::string_view text, TSNode node);

// The S-expression of a node (ts_node_string), as std::string.
std::string sexp(TSNode node);

// Makes bytes printable as a C string literal body ("\n", "\t", "\x01", ...).
std::string escape(std::string_view bytes);

// Source text with marked ranges: "⟦" and "⟧" (U+27E6, U+27E7) are removed and the byte
// ranges they enclosed (in the stripped text) are returned. Markers do not nest.
struct Marked {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
};
Marked strip_marks(std::string_view source);

// Reads a whole file as bytes (throws std::runtime_error on failure).
std::string read_file(const std::filesystem::path& path);

// The shared reference data directory (compile definition WHALESAFE_SHARED_DIR, overridable
// with the environment variable of the same name), or nullopt when it does not exist.
std::optional<std::filesystem::path> shared_dir();
// The directory shared_dir() looks at (environment first, then the compile definition).
std::string shared_dir_setting();

// True when the environment says this is CI (CI=true or CI=1).
bool in_ci();

// The corpus: the file names listed in corpus/MANIFEST.tsv, in manifest order.
std::vector<std::string> corpus_manifest(const std::filesystem::path& corpus_dir);

}  // namespace whalesafe::grammar_test

// Skips the current test case (passes, printing "SKIPPED: ..." which ctest's
// SKIP_REGULAR_EXPRESSION turns into a skip) when the shared data is missing, but fails it
// under CI. Binds `shared` to the directory otherwise.
#define WHALESAFE_REQUIRE_SHARED_DIR(shared)                                                  \
  const auto shared##_opt = ::whalesafe::grammar_test::shared_dir();                          \
  if (!shared##_opt) {                                                                        \
    if (::whalesafe::grammar_test::in_ci()) {                                                 \
      FAIL("shared reference data not found at '"                                             \
           << ::whalesafe::grammar_test::shared_dir_setting()                                 \
           << "' and CI=true: the test cannot be skipped in CI");                             \
    }                                                                                         \
    WARN("SKIPPED: shared reference data not found at '"                                      \
         << ::whalesafe::grammar_test::shared_dir_setting()                                   \
         << "'; configure with -DWHALESAFE_SHARED_DIR=<dir> (or set it in the environment)"); \
    return;                                                                                   \
  }                                                                                           \
  const std::filesystem::path& shared = *shared##_opt
