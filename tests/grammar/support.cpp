#include "support.h"

#include <tree_sitter_dockerfile/dockerfile.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace whalesafe::grammar_test {

ParserPtr make_parser() {
  ParserPtr parser(ts_parser_new());
  REQUIRE(ts_parser_set_language(parser.get(), tree_sitter_dockerfile()));
  return parser;
}

TreePtr parse(TSParser* parser, std::string_view text, const TSTree* old_tree) {
  return TreePtr(
      ts_parser_parse_string(parser, old_tree, text.data(), static_cast<uint32_t>(text.size())));
}

TSPoint point_at(std::string_view text, uint32_t byte) {
  TSPoint point{0, 0};
  const uint32_t end = std::min<uint32_t>(byte, static_cast<uint32_t>(text.size()));
  for (uint32_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++point.row;
      point.column = 0;
    } else {
      ++point.column;
    }
  }
  return point;
}

namespace {

void dump_node(TSTreeCursor* cursor, int depth, std::string& out) {
  const TSNode node = ts_tree_cursor_current_node(cursor);
  out.append(static_cast<size_t>(depth) * 2, ' ');
  if (const char* field = ts_tree_cursor_current_field_name(cursor)) {
    out += field;
    out += ": ";
  }
  if (ts_node_is_named(node)) {
    out += ts_node_type(node);
  } else {
    out += '"';
    out += escape(ts_node_type(node));
    out += '"';
  }
  const TSPoint s = ts_node_start_point(node);
  const TSPoint e = ts_node_end_point(node);
  char buf[128];
  std::snprintf(buf, sizeof buf, " [%u-%u] (%u:%u-%u:%u)", ts_node_start_byte(node),
                ts_node_end_byte(node), s.row, s.column, e.row, e.column);
  out += buf;
  if (ts_node_is_missing(node)) out += " MISSING";
  if (ts_node_is_extra(node)) out += " EXTRA";
  // Also covers MISSING hidden tokens, which are not visible nodes themselves.
  if (ts_node_has_error(node)) out += " HAS_ERROR";
  out += '\n';
  if (ts_tree_cursor_goto_first_child(cursor)) {
    do {
      dump_node(cursor, depth + 1, out);
    } while (ts_tree_cursor_goto_next_sibling(cursor));
    ts_tree_cursor_goto_parent(cursor);
  }
}

void collect_problems(TSNode node, std::vector<TSNode>& out) {
  if (ts_node_is_missing(node) || std::string_view(ts_node_type(node)) == "ERROR") {
    out.push_back(node);
    return;
  }
  if (!ts_node_has_error(node)) return;
  const size_t before = out.size();
  const uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i) collect_problems(ts_node_child(node, i), out);
  // The error is in a hidden node (e.g. a MISSING hidden token): report this node.
  if (out.size() == before) out.push_back(node);
}

}  // namespace

std::string dump(TSNode root) {
  std::string out;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  dump_node(&cursor, 0, out);
  ts_tree_cursor_delete(&cursor);
  return out;
}

std::vector<TSNode> problems(TSNode root) {
  std::vector<TSNode> out;
  collect_problems(root, out);
  return out;
}

std::string line_col(std::string_view text, uint32_t byte) {
  const TSPoint p = point_at(text, byte);
  return std::to_string(p.row + 1) + ":" + std::to_string(p.column + 1);
}

std::string sexp(TSNode node) {
  char* s = ts_node_string(node);
  std::string out(s);
  std::free(s);
  return out;
}

std::string describe_problem(std::string_view text, TSNode node) {
  std::ostringstream out;
  const uint32_t start = ts_node_start_byte(node);
  const uint32_t end = ts_node_end_byte(node);
  out << line_col(text, start) << ": ";
  if (ts_node_is_missing(node)) {
    out << "MISSING " << (ts_node_is_named(node) ? "" : "\"") << ts_node_type(node)
        << (ts_node_is_named(node) ? "" : "\"");
  } else if (std::string_view(ts_node_type(node)) != "ERROR") {
    out << "hidden MISSING token inside " << ts_node_type(node) << " [" << start << "-" << end
        << "]";
  } else {
    out << "ERROR [" << start << "-" << end << "] spanning to " << line_col(text, end);
  }
  out << "\n    context:";
  std::vector<std::string> chain;
  for (TSNode p = ts_node_parent(node); !ts_node_is_null(p); p = ts_node_parent(p)) {
    chain.emplace_back(ts_node_type(p));
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) out << " " << *it << " >";
  out << " (here)";
  // The source line the problem starts on.
  size_t line_start = text.rfind('\n', start == 0 ? 0 : start - 1);
  line_start = (line_start == std::string_view::npos || start == 0) ? 0 : line_start + 1;
  size_t line_end = text.find('\n', start);
  if (line_end == std::string_view::npos) line_end = text.size();
  out << "\n    line:    \"" << escape(text.substr(line_start, line_end - line_start)) << "\"";
  const std::string_view covered = text.substr(start, std::min<size_t>(end - start, 120));
  out << "\n    covers:  \"" << escape(covered) << (end - start > 120 ? "...\"" : "\"");
  // ts_node_string recurses over the whole subtree: only for reasonably small nodes.
  constexpr uint32_t kMaxSexpBytes = 64 * 1024;
  std::string s = end - start <= kMaxSexpBytes ? sexp(node) : "(too large to print)";
  if (s.size() > 400) s = s.substr(0, 400) + "...";
  out << "\n    node:    " << s;
  // The top-level node (child of the root) holding the problem, for context. (Not the direct
  // parent: ts_node_string of an aliased hidden node prints its hidden structure.)
  TSNode top = node;
  while (!ts_node_is_null(ts_node_parent(top)) &&
         !ts_node_is_null(ts_node_parent(ts_node_parent(top)))) {
    top = ts_node_parent(top);
  }
  if (!ts_node_eq(top, node) && ts_node_end_byte(top) - ts_node_start_byte(top) <= kMaxSexpBytes) {
    std::string ts = sexp(top);
    if (ts.size() > 400) ts = ts.substr(0, 400) + "...";
    out << "\n    in:      " << ts;
  }
  return out.str();
}

std::string escape(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x\"\"", c);
          out += buf;
        } else {
          out += ch;  // UTF-8 (valid or not) is kept as is
        }
    }
  }
  return out;
}

Marked strip_marks(std::string_view source) {
  static constexpr std::string_view kOpen = "\u27e6";
  static constexpr std::string_view kClose = "\u27e7";
  static constexpr uint32_t kNone = UINT32_MAX;
  Marked marked;
  uint32_t open = kNone;
  size_t i = 0;
  while (i < source.size()) {
    if (source.substr(i, kOpen.size()) == kOpen) {
      REQUIRE(open == kNone);
      open = static_cast<uint32_t>(marked.text.size());
      i += kOpen.size();
    } else if (source.substr(i, kClose.size()) == kClose) {
      REQUIRE(open != kNone);
      marked.ranges.emplace_back(open, static_cast<uint32_t>(marked.text.size()));
      open = kNone;
      i += kClose.size();
    } else {
      marked.text += source[i++];
    }
  }
  REQUIRE(open == kNone);
  return marked;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shared_dir_setting() {
  if (const char* env = std::getenv("WHALESAFE_SHARED_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return WHALESAFE_SHARED_DIR;
}

std::optional<std::filesystem::path> shared_dir() {
  const std::string dir = shared_dir_setting();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return std::filesystem::path(dir);
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  const std::string_view v(ci);
  return v == "true" || v == "TRUE" || v == "True" || v == "1";
}

std::vector<std::string> corpus_manifest(const std::filesystem::path& corpus_dir) {
  std::istringstream in(read_file(corpus_dir / "MANIFEST.tsv"));
  std::vector<std::string> files;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    files.push_back(line.substr(0, line.find('\t')));
  }
  return files;
}

}  // namespace whalesafe::grammar_test
