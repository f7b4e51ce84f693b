#include "syntax_errors.h"

#include <algorithm>
#include <string_view>

#include "buildkit_line_parser.h"
#include "directives.h"
#include "go_text.h"
#include "heredocs.h"
#include "syntax/ascii.h"
#include "tree_util.h"

namespace whalesafe::syntax {
namespace {

constexpr std::size_t kMaxExcerpt = 24;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A short, printable excerpt of `text` for a message: its first word, cut to kMaxExcerpt
// bytes on a character boundary, with non-printable characters escaped.
std::string excerpt(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() && is_blank(text[start])) ++start;
  text.remove_prefix(start);
  std::size_t end = 0;
  while (end < text.size() && !is_blank(text[end])) ++end;
  if (end == 0) return {};
  text = text.substr(0, end);
  bool cut = false;
  if (text.size() > kMaxExcerpt) {
    std::size_t n = kMaxExcerpt;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = text.substr(0, n);
    cut = true;
  }
  std::string quoted = go::quote(text);  // escapes control bytes and invalid UTF-8
  std::string inner = quoted.substr(1, quoted.size() - 2);
  // Undo the escaping of '"' and '\\', which read fine inside single quotes.
  std::string out;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && (inner[i + 1] == '"' || inner[i + 1] == '\\')) {
      ++i;
    }
    out.push_back(inner[i]);
  }
  if (cut) out += "...";
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// "FROM", "RUN", ... when `node` is an instruction keyword token; "" otherwise.
std::string keyword_of(TSNode node) {
  const std::string_view type = type_of(node);
  if (type == "unknown_keyword") return {};
  if (ts_node_is_named(node) || type.empty()) return {};
  for (const char c : type) {
    if (c < 'A' || c > 'Z') return {};
  }
  return std::string(type);
}

// What an instruction needs after its keyword, for "expected ... after KEYWORD".
std::string_view expectation_after(std::string_view keyword) {
  if (keyword == "FROM") return "an image";
  if (keyword == "ONBUILD") return "an instruction";
  if (keyword == "AS") return "a stage name";
  if (keyword == "CMD" || keyword == "ENTRYPOINT" || keyword == "SHELL") return "a command";
  return "arguments";
}

std::string readable_type(std::string_view type) {
  if (type == "image_spec" || type == "image_name") return "image name";
  if (type == "image_alias") return "stage name";
  if (type == "heredoc_end") return "heredoc terminator";
  std::string out(type);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

bool is_quoted_string(std::string_view type) {
  return type == "double_quoted_string" || type == "single_quoted_string";
}

class Collector {
 public:
  Collector(const Document& doc, std::vector<Diagnostic>& out) : doc_(doc), out_(out) {}

  // Visits the children of `node` (recursion depth is the depth of visible nodes, which is
  // small; parents and previous siblings are tracked here because ts_node_parent and
  // ts_node_prev_sibling cost O(file size) on this grammar's right-recursive body).
  void visit(TSNode node, TSNode grandparent = TSNode{}) {
    if (unterminated_string(node)) return;
    TSNode previous{};
    for_each_child(node, [&](TSNode child) {
      if (ts_node_is_missing(child)) {
        add_missing(child, node, grandparent);
      } else if (is_error(child)) {
        add_error(child, previous);
      } else if (ts_node_has_error(child)) {
        visit(child, node);
      }
      previous = child;
    });
  }

  // The whole file is one ERROR node.
  void visit_error_root(TSNode root) { add_error(root, TSNode{}); }

 private:
  // A quoted string whose closing quote is MISSING: one error at its opening quote.
  bool unterminated_string(TSNode node) {
    const std::string_view type = type_of(node);
    if (!is_quoted_string(type)) return false;
    const uint32_t n = ts_node_child_count(node);
    if (n == 0 || !ts_node_is_missing(ts_node_child(node, n - 1))) return false;
    const uint32_t at = ts_node_start_byte(node);
    add(at, at + 1,
        type == "double_quoted_string" ? "unterminated double-quoted string"
                                       : "unterminated single-quoted string",
        diagnostic_code::kSyntaxError);
    return true;
  }

  void add(uint32_t start, uint32_t end, std::string message, const char* code) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.start_byte = start;
    d.end_byte = std::max(start, end);
    d.message = std::move(message);
    d.code = code;
    out_.push_back(std::move(d));
  }

  void add_missing(TSNode n, TSNode parent, TSNode grandparent) {
    const std::string_view type = type_of(n);
    const uint32_t at = ts_node_start_byte(n);
    if (type == node_type::kHeredocEnd) return;  // see add_unterminated_heredocs
    // "expected an image after FROM" when the parent instruction's keyword is known.
    if (ts_node_is_named(n)) {
      std::string keyword = keyword_of(ts_node_child(parent, 0));
      if (keyword.empty() && !ts_node_is_null(grandparent) &&
          type_of(grandparent) != node_type::kSourceFile) {
        keyword = keyword_of(ts_node_child(grandparent, 0));
      }
      if (!keyword.empty()) {
        add(at, at, "expected " + std::string(expectation_after(keyword)) + " after " + keyword,
            diagnostic_code::kMissing);
        return;
      }
    }
    if (ts_node_is_named(n)) {
      add(at, at, "missing " + readable_type(type), diagnostic_code::kMissing);
    } else {
      add(at, at, "missing '" + std::string(type) + "'", diagnostic_code::kMissing);
    }
  }

  void add_error(TSNode error, TSNode previous) {
    const TSNode first = first_token_after(error, ts_node_start_byte(error));
    if (ts_node_is_null(first)) {
      const uint32_t at = ts_node_start_byte(error);
      std::string text = excerpt(doc_.node_text(error));
      if (!text.empty()) {
        add(at, ts_node_end_byte(error), "unexpected '" + text + "'",
            diagnostic_code::kSyntaxError);
      } else {
        add(at, ts_node_end_byte(error),
            at >= doc_.text().size() ? "unexpected end of file" : "unexpected end of line",
            diagnostic_code::kSyntaxError);
      }
      return;
    }
    const uint32_t start = ts_node_start_byte(first);
    const uint32_t end = ts_node_end_byte(first);
    const std::string word(doc_.node_text(first));
    const std::string upper = ascii_upper(word);

    // An instruction keyword at the start of its line: say what it lacks.
    if (at_line_start(start) && is_known_buildkit_instruction(ascii_lower(word))) {
      const TSNode next = first_token_after(error, end);
      if (ts_node_is_null(next) || starts_new_line(end, ts_node_start_byte(next)) ||
          (upper == "FROM" && only_flags_until_line_end(end))) {
        add(start, end, "expected " + std::string(expectation_after(upper)) + " after " + upper,
            diagnostic_code::kSyntaxError);
        return;
      }
      add(ts_node_start_byte(next), ts_node_end_byte(next),
          "unexpected '" + excerpt(doc_.node_text(next)) + "' in " + upper + " instruction",
          diagnostic_code::kSyntaxError);
      return;
    }
    // `FROM image AS` with nothing after AS.
    if (upper == "AS" && !ts_node_is_null(previous) && type_of(previous) == "from_instruction" &&
        rest_of_line_blank(end)) {
      add(start, end, "expected a stage name after AS", diagnostic_code::kSyntaxError);
      return;
    }
    const std::string shown = excerpt(word);
    if (shown.empty()) {
      add(start, end,
          start >= doc_.text().size() ? "unexpected end of file" : "unexpected end of line",
          diagnostic_code::kSyntaxError);
      return;
    }
    add(start, end, "unexpected '" + shown + "'", diagnostic_code::kSyntaxError);
  }

  bool at_line_start(uint32_t at) const {
    const std::string_view src = doc_.text();
    while (at > 0 && (src[at - 1] == ' ' || src[at - 1] == '\t')) --at;
    return at == 0 || src[at - 1] == '\n' || (at == 3 && doc_.has_bom());
  }

  bool rest_of_line_blank(uint32_t from) const {
    const std::string_view src = doc_.text();
    for (std::size_t i = from; i < src.size() && src[i] != '\n'; ++i) {
      if (!is_blank(src[i])) return false;
    }
    return true;
  }

  // True when everything after `from` on its line is `--flag` words.
  bool only_flags_until_line_end(uint32_t from) const {
    const std::string_view src = doc_.text();
    std::size_t i = from;
    while (i < src.size() && src[i] != '\n') {
      while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r')) ++i;
      if (i >= src.size() || src[i] == '\n') break;
      if (src.substr(i, 2) != "--") return false;
      while (i < src.size() && !is_blank(src[i])) ++i;
    }
    return true;
  }

  // The first leaf in `node` starting at or after `from` that is not a line continuation.
  TSNode first_token_after(TSNode node, uint32_t from) const {
    TSNode found{};
    bool done = false;
    walk(node, [&](TSNode n) {
      if (done) return false;
      if (type_of(n) == node_type::kLineContinuation) return false;
      if (ts_node_end_byte(n) <= from && ts_node_start_byte(n) < from) return false;
      if (ts_node_child_count(n) == 0) {
        if (ts_node_start_byte(n) >= from && ts_node_end_byte(n) > ts_node_start_byte(n)) {
          found = n;
          done = true;
        }
        return false;
      }
      return true;
    });
    return found;
  }

  bool starts_new_line(uint32_t from, uint32_t to) const {
    const std::string_view between = std::string_view(doc_.text()).substr(from, to - from);
    return between.find('\n') != std::string_view::npos;
  }

  const Document& doc_;
  std::vector<Diagnostic>& out_;
};

Diagnostic make_error(uint32_t start, uint32_t end, std::string message, const char* code) {
  Diagnostic d;
  d.start_byte = start;
  d.end_byte = std::max(start, end);
  d.message = std::move(message);
  d.code = code;
  return d;
}

// A quoted string without its closing quote: the grammar ends a quote left open at the end of
// the logical line, as BuildKit's parseWords does (a MISSING closing quote is an error, reported
// by the Collector).
bool left_open(TSNode string) {
  const uint32_t n = ts_node_child_count(string);
  if (n == 0) return false;
  const TSNode last = ts_node_child(string, n - 1);
  if (ts_node_is_missing(last)) return false;
  const std::string_view type = type_of(last);
  return n < 2 || (type != "\"" && type != "'") ||
         ts_node_start_byte(last) == ts_node_start_byte(string);
}

// Quotes left open in ENV/LABEL/ARG keys and values. BuildKit's parser accepts them, but its
// shell lexer fails when it expands the value ("unexpected end of statement while looking for
// matching double-quote"). In flags, whose quotes BuildKit removes itself, they are harmless.
void add_open_quotes(const BuildkitInstruction& item, std::vector<Diagnostic>& out) {
  walk(item.line.instruction, [&](TSNode n) {
    const std::string_view type = type_of(n);
    if (type == "flag") return false;
    if (!is_quoted_string(type)) return true;
    if (left_open(n)) {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.start_byte = ts_node_start_byte(n);
      d.end_byte = d.start_byte + 1;
      d.message = type == "double_quoted_string" ? "unterminated double-quoted string"
                                                 : "unterminated single-quoted string";
      d.detail =
          "BuildKit's parser accepts a quote left open at the end of the line, but expanding "
          "the value fails";
      d.code = diagnostic_code::kUnterminatedString;
      out.push_back(std::move(d));
    }
    return false;
  });
}

// Heredocs whose terminator line never comes: BuildKit's "unterminated heredoc".
void add_unterminated_heredocs(const Document& doc, const BuildkitInstruction& item,
                               std::vector<Diagnostic>& out) {
  for (const Heredoc& h : heredocs_of(doc, item.line.instruction)) {
    bool terminated = false;
    if (!ts_node_is_null(h.body)) {
      const uint32_t n = ts_node_child_count(h.body);
      for (uint32_t i = 0; i < n; ++i) {
        const TSNode child = ts_node_child(h.body, i);
        if (type_of(child) == node_type::kHeredocEnd && !ts_node_is_missing(child) &&
            ts_node_end_byte(child) > ts_node_start_byte(child)) {
          terminated = true;
        }
      }
    }
    if (!terminated) {
      out.push_back(make_error(ts_node_start_byte(h.marker), ts_node_end_byte(h.marker),
                               "unterminated heredoc: no line '" + h.name + "' ends it",
                               diagnostic_code::kUnterminatedHeredoc));
    }
  }
}

using RowRange = std::pair<uint32_t, uint32_t>;

// What BuildKit's line parser says of one instruction: its rejection (whose rows are added to
// `rejected_rows`) and the empty-continuation warning.
void add_line_diagnostics(const Document& doc, const BuildkitInstruction& item,
                          std::vector<Diagnostic>& out, std::vector<RowRange>& rejected_rows) {
  const LogicalLine& line = item.line;
  if (!item.node) {
    out.push_back(
        make_error(line.start_byte, line.line_end_byte, item.error, diagnostic_code::kInstruction));
    rejected_rows.emplace_back(line.start_row,
                               std::max(line.end_row, doc.point_at(line.line_end_byte).row));
  }
  if (!line.empty_continuation_rows.empty()) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.start_byte = doc.line_start(line.empty_continuation_rows.front());
    d.end_byte = d.start_byte;
    d.message = "Empty continuation line found in: " + line.text;
    d.detail = "Empty continuation lines will become errors in a future release";
    d.code = diagnostic_code::kEmptyContinuation;
    out.push_back(std::move(d));
  }
}

// Moves the tree's diagnostics to `out`, but for those on the rows of a rejected instruction
// (BuildKit's message on them is more precise).
void add_unless_rejected(const Document& doc, std::vector<Diagnostic>& tree,
                         const std::vector<RowRange>& rejected_rows, std::vector<Diagnostic>& out) {
  for (Diagnostic& d : tree) {
    const uint32_t row = doc.point_at(d.start_byte).row;
    const bool rejected =
        std::any_of(rejected_rows.begin(), rejected_rows.end(),
                    [row](const auto& r) { return row >= r.first && row <= r.second; });
    if (!rejected) out.push_back(std::move(d));
  }
}

void sort_by_position(std::vector<Diagnostic>& out) {
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.start_byte < b.start_byte;
  });
}

}  // namespace

std::vector<Diagnostic> syntax_diagnostics(const Document& doc) {
  return syntax_diagnostics(doc, buildkit_parse(doc));
}

std::vector<Diagnostic> syntax_diagnostics(const Document& doc, const BuildkitParse& parse) {
  const TSNode root = doc.root();

  // Tree errors.
  std::vector<Diagnostic> tree;
  if (ts_node_has_error(root)) {
    if (is_error(root)) {
      Collector(doc, tree).visit_error_root(root);
    } else {
      Collector(doc, tree).visit(root);
    }
  }
  for (const BuildkitInstruction& item : parse.instructions)
    add_unterminated_heredocs(doc, item, tree);
  for (const BuildkitInstruction& item : parse.instructions) add_open_quotes(item, tree);

  // Parser directives, a file without instructions.
  std::vector<Diagnostic> out = document_syntax_diagnostics(doc);

  // Lines BuildKit rejects (ENV/LABEL shape, JSON arrays of non-strings). Their message is
  // more precise than the tree's, so tree errors on the same lines are dropped.
  std::vector<RowRange> rejected_rows;
  for (const BuildkitInstruction& item : parse.instructions) {
    add_line_diagnostics(doc, item, out, rejected_rows);
  }
  add_unless_rejected(doc, tree, rejected_rows, out);
  sort_by_position(out);
  return out;
}

std::vector<Diagnostic> instruction_syntax_diagnostics(const Document& doc, TSNode instruction,
                                                       char escape) {
  BuildkitInstruction item;
  item.line = logical_line(doc, instruction, escape);
  BuildkitLineResult result = parse_buildkit_line(item.line.text, escape);
  item.node = std::move(result.node);
  item.error = std::move(result.error);
  std::vector<Diagnostic> out;
  std::vector<RowRange> rejected_rows;
  add_line_diagnostics(doc, item, out, rejected_rows);
  std::vector<Diagnostic> tree;
  add_unterminated_heredocs(doc, item, tree);
  add_open_quotes(item, tree);
  add_unless_rejected(doc, tree, rejected_rows, out);
  return out;
}

std::vector<Diagnostic> document_syntax_diagnostics(const Document& doc) {
  std::vector<Diagnostic> out;
  const Directives directives = read_directives(doc.text());
  if (directives.error) {
    out.push_back(make_error(directives.error->start_byte, directives.error->end_byte,
                             directives.error->message, diagnostic_code::kDirective));
  }
  if (doc.instructions().empty() && !ts_node_has_error(doc.root())) {
    const uint32_t at = doc.has_bom() ? 3 : 0;
    out.push_back(
        make_error(at, at, "file with no instructions", diagnostic_code::kNoInstructions));
  }
  return out;
}

void order_syntax_diagnostics(std::vector<Diagnostic>& diagnostics) {
  sort_by_position(diagnostics);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace whalesafe::syntax
