#include "cli/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace whalesafe::cli {
namespace {

// Lines with their line ends, so that a changed line end (CRLF, a final newline) is a change.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::size_t len = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(0, len));
    text.remove_prefix(len);
  }
  return lines;
}

enum class OpKind { kEqual, kDelete, kInsert };
struct Op {
  OpKind kind;
  std::size_t a;  // index into `before`'s lines (kEqual, kDelete)
  std::size_t b;  // index into `after`'s lines (kEqual, kInsert)
};

// Beyond this many differences the shortest edit script is not worth its memory: the middle
// is shown as replaced wholesale (still a correct diff, only a longer one).
constexpr long kMaxEditDistance = 4000;

// Myers' O((N+M)D) shortest edit script between a[lo_a, hi_a) and b[lo_b, hi_b), appended to
// `ops` in order.
void middle_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                   std::size_t lo_a, std::size_t hi_a, std::size_t lo_b, std::size_t hi_b,
                   std::vector<Op>& ops) {
  const long n = static_cast<long>(hi_a - lo_a);
  const long m = static_cast<long>(hi_b - lo_b);
  const long max = std::min(n + m, kMaxEditDistance);
  const long offset = max + 1;
  std::vector<long> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<long>> trace;
  long found = -1;
  for (long d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                   ? v[offset + k + 1]
                   : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[lo_a + x] == b[lo_b + y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {  // too different: delete everything, insert everything
    for (std::size_t i = lo_a; i < hi_a; ++i) ops.push_back({OpKind::kDelete, i, 0});
    for (std::size_t j = lo_b; j < hi_b; ++j) ops.push_back({OpKind::kInsert, 0, j});
    return;
  }
  std::vector<Op> reversed;
  long x = n;
  long y = m;
  for (long d = found; d >= 0; --d) {
    const std::vector<long>& vd = trace[static_cast<std::size_t>(d)];
    const long k = x - y;
    const long prev_k =
        (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1])) ? k + 1 : k - 1;
    const long prev_x = d == 0 ? 0 : vd[offset + prev_k];
    const long prev_y = d == 0 ? 0 : prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      --x;
      --y;
      reversed.push_back(
          {OpKind::kEqual, lo_a + static_cast<std::size_t>(x), lo_b + static_cast<std::size_t>(y)});
    }
    if (d > 0) {
      if (x == prev_x) {
        reversed.push_back({OpKind::kInsert, 0, lo_b + static_cast<std::size_t>(prev_y)});
      } else {
        reversed.push_back({OpKind::kDelete, lo_a + static_cast<std::size_t>(prev_x), 0});
      }
    }
    x = prev_x;
    y = prev_y;
  }
  ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
}

std::string range(std::size_t start, std::size_t count) {
  // A hunk side with no lines names the line before it.
  if (count == 0) return fmt::format("{},0", start);
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", start + 1, count);
}

void append_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         int context) {
  if (before == after) return {};
  const std::vector<std::string_view> a = split_lines(before);
  const std::vector<std::string_view> b = split_lines(after);
  // Common prefix and suffix first: fixes change a few lines of a long file.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops;
  for (std::size_t i = 0; i < prefix; ++i) ops.push_back({OpKind::kEqual, i, i});
  middle_script(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix, ops);
  for (std::size_t i = 0; i < suffix; ++i) {
    ops.push_back({OpKind::kEqual, a.size() - suffix + i, b.size() - suffix + i});
  }

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  const auto ctx = static_cast<std::size_t>(std::max(context, 0));
  std::size_t i = 0;
  while (i < ops.size()) {
    // The next change, and the hunk around it: changes closer than 2 × context share a hunk.
    while (i < ops.size() && ops[i].kind == OpKind::kEqual) ++i;
    if (i == ops.size()) break;
    std::size_t first = i >= ctx ? i - ctx : 0;
    std::size_t last = i;  // one past the hunk's last op
    std::size_t equal_run = 0;
    for (std::size_t j = i; j < ops.size(); ++j) {
      if (ops[j].kind == OpKind::kEqual) {
        if (++equal_run > 2 * ctx) break;
      } else {
        equal_run = 0;
        last = j + 1;
      }
    }
    last = std::min(ops.size(), last + ctx);
    // Where the hunk starts on each side: count the lines before `first`.
    std::size_t a_start = 0;
    std::size_t b_start = 0;
    for (std::size_t j = 0; j < first; ++j) {
      a_start += ops[j].kind != OpKind::kInsert;
      b_start += ops[j].kind != OpKind::kDelete;
    }
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t j = first; j < last; ++j) {
      a_count += ops[j].kind != OpKind::kInsert;
      b_count += ops[j].kind != OpKind::kDelete;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(a_start, a_count), range(b_start, b_count));
    for (std::size_t j = first; j < last; ++j) {
      switch (ops[j].kind) {
        case OpKind::kEqual:
          append_line(out, ' ', a[ops[j].a]);
          break;
        case OpKind::kDelete:
          append_line(out, '-', a[ops[j].a]);
          break;
        case OpKind::kInsert:
          append_line(out, '+', b[ops[j].b]);
          break;
      }
    }
    i = last;
  }
  return out;
}

}  // namespace whalesafe::cli
