#include "logical_lines.h"

#include <algorithm>
#include <string_view>

#include "go_text.h"
#include "tree_util.h"

namespace whalesafe::syntax {
namespace {

struct Range {
  uint32_t start;
  uint32_t end;
};

// BuildKit's isComment: the first non-space character is '#'.
bool is_comment_line(std::string_view line) {
  line = go::trim_left_space(line);
  return !line.empty() && line.front() == '#';
}

// BuildKit's isEmptyContinuationLine: nothing but white space (line ending included).
bool is_blank_line(std::string_view line) { return go::trim_left_space(line).empty(); }

}  // namespace

LogicalLine logical_line(const Document& doc, TSNode instruction, char escape) {
  const std::string_view src = doc.text();
  LogicalLine out;
  out.instruction = instruction;
  out.start_byte = ts_node_start_byte(instruction);
  const uint32_t node_end = ts_node_end_byte(instruction);

  // The instruction line ends where the first heredoc body starts; the line feed before it
  // (hidden in the tree) is not part of the line.
  uint32_t line_end = node_end;
  std::vector<Range> continuations;
  walk(instruction, [&](TSNode n) {
    const std::string_view type = type_of(n);
    if (type == node_type::kHeredoc) {
      line_end = std::min(line_end, ts_node_start_byte(n));
      return false;
    }
    if (type == node_type::kLineContinuation) {
      continuations.push_back(Range{ts_node_start_byte(n), ts_node_end_byte(n)});
      return false;
    }
    return true;
  });
  if (line_end < node_end) {
    while (line_end > out.start_byte && (src[line_end - 1] == '\n' || src[line_end - 1] == '\r')) {
      --line_end;
    }
  } else if (line_end > 0 && src[line_end - 1] != '\n') {
    // Up to the end of the physical line: after a syntax error the rest of the line is in an
    // ERROR sibling, but it still belongs to this instruction for BuildKit.
    const std::size_t nl = src.find('\n', line_end);
    line_end = static_cast<uint32_t>(nl == std::string_view::npos ? src.size() : nl);
    // A line continuation there (an escape at the end of the file, or in text the tree could
    // not parse) is an extra outside the instruction node: find it the way BuildKit does,
    // `([^\\])\\[ \t]*$|^\\[ \t]*$` (escape char in place of the backslash).
    uint32_t end = line_end;
    while (end > node_end &&
           (src[end - 1] == ' ' || src[end - 1] == '\t' || src[end - 1] == '\r')) {
      --end;
    }
    if (end > node_end && src[end - 1] == escape) {
      const uint32_t at = end - 1;
      const bool line_start = at == 0 || src[at - 1] == '\n';
      if (line_start || src[at - 1] != escape) continuations.push_back(Range{at, line_end});
    }
  }
  out.line_end_byte = line_end;
  std::sort(continuations.begin(), continuations.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });

  auto skip_lines = [&](uint32_t pos, uint32_t limit) {
    // Skips whole comment lines and blank lines starting at `pos` (a line start), as BuildKit
    // does inside a continuation. Returns the new position.
    while (pos < limit) {
      const std::size_t nl = src.find('\n', pos);
      if (nl == std::string_view::npos || nl >= limit) {
        // The last line of the region: skipped only if it is a comment or blank and there is
        // nothing after it.
        const std::string_view line = src.substr(pos, limit - pos);
        if (is_comment_line(line)) return limit;
        if (is_blank_line(line)) {
          if (!line.empty()) out.empty_continuation_rows.push_back(doc.point_at(pos).row);
          return limit;
        }
        return pos;
      }
      const std::string_view line = src.substr(pos, nl - pos);
      if (is_comment_line(line)) {
        pos = static_cast<uint32_t>(nl + 1);
      } else if (is_blank_line(line)) {
        out.empty_continuation_rows.push_back(doc.point_at(pos).row);
        pos = static_cast<uint32_t>(nl + 1);
      } else {
        break;
      }
    }
    return pos;
  };

  uint32_t pos = out.start_byte;
  for (const Range& c : continuations) {
    if (c.start < pos || c.start >= line_end) continue;
    out.text.append(src.substr(pos, c.start - pos));
    // Lines swallowed by the continuation token itself (after its own line feed).
    const uint32_t token_end = std::min(c.end, line_end);
    const std::size_t first_nl = src.find('\n', c.start);
    if (first_nl != std::string_view::npos && first_nl + 1 < token_end) {
      skip_lines(static_cast<uint32_t>(first_nl + 1), token_end);
    }
    pos = token_end;
    if (pos > 0 && src[pos - 1] == '\n') pos = skip_lines(pos, line_end);
  }
  if (pos < line_end) out.text.append(src.substr(pos, line_end - pos));

  // Drop the line ending of the last line (BuildKit's trimNewline).
  while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == '\r')) {
    out.text.pop_back();
  }

  out.start_row = ts_node_start_point(instruction).row;
  uint32_t last = node_end;
  while (last > out.start_byte && (src[last - 1] == '\n' || src[last - 1] == '\r')) --last;
  out.end_row = doc.point_at(last > out.start_byte ? last - 1 : out.start_byte).row;
  std::sort(out.empty_continuation_rows.begin(), out.empty_continuation_rows.end());
  out.empty_continuation_rows.erase(
      std::unique(out.empty_continuation_rows.begin(), out.empty_continuation_rows.end()),
      out.empty_continuation_rows.end());
  return out;
}

}  // namespace whalesafe::syntax
