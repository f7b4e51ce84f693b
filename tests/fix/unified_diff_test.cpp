// unified_diff: the hunks `patch` expects. Applying is checked with the real `patch` program in
// fix_cli_test.sh; here, the exact text for small cases and a round trip through a tiny applier
// for many random edits.
#include "cli/unified_diff.h"

#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using whalesafe::cli::unified_diff;

namespace {

// Applies a diff made by unified_diff to `before` (enough of the format for our own output:
// hunks in order, exact context).
std::string apply_diff(const std::string& before, const std::string& diff) {
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < before.size();) {
    const std::size_t end = before.find('\n', at);
    const std::size_t len = end == std::string::npos ? before.size() - at : end + 1 - at;
    lines.push_back(before.substr(at, len));
    at += len;
  }
  std::istringstream in(diff);
  std::string line;
  std::getline(in, line);  // ---
  std::getline(in, line);  // +++
  std::string out;
  std::size_t next = 0;  // next unconsumed line of `before`
  char previous = 0;     // the kind of the previous hunk line
  while (std::getline(in, line)) {
    if (line.rfind("@@ -", 0) == 0) {
      std::size_t start = std::stoul(line.substr(4));
      const std::size_t comma = line.find(',');
      const std::size_t space = line.find(' ', 4);
      const bool empty_side = comma < space && line.substr(comma + 1, space - comma - 1) == "0";
      const std::size_t first = empty_side ? start : start - 1;
      while (next < first) out += lines[next++];
      continue;
    }
    if (line == "\\ No newline at end of file") {
      // Only an added line needs it here: context lines are copied from `before` as they are.
      if (previous == '+') out.pop_back();
      continue;
    }
    const char kind = line[0];
    const std::string body = line.substr(1) + "\n";
    previous = kind;
    if (kind == ' ') {
      out += lines.at(next++);
    } else if (kind == '-') {
      ++next;
    } else if (kind == '+') {
      out += body;
    }
  }
  while (next < lines.size()) out += lines[next++];
  return out;
}

}  // namespace

TEST_CASE("equal texts give no diff", "[diff]") {
  CHECK(unified_diff("FROM a\n", "FROM a\n", "Dockerfile").empty());
}

TEST_CASE("one changed line with context", "[diff]") {
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unified_diff(before, after, "d/Dockerfile") ==
        "--- a/d/Dockerfile\n+++ b/d/Dockerfile\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("distant changes make separate hunks, near ones share one", "[diff]") {
  std::string before;
  for (int i = 1; i <= 20; ++i) before += std::to_string(i) + "\n";
  std::string far = before;
  far.replace(far.find("2\n"), 2, "two\n");
  far.replace(far.find("\n19\n") + 1, 3, "nineteen\n");
  const std::string d = unified_diff(before, far, "x");
  CHECK(d.find("@@ -1,5 +1,5 @@") != std::string::npos);
  CHECK(d.find("@@ -16,5 +16,5 @@") != std::string::npos);
  std::string near = before;
  near.replace(near.find("\n5\n") + 1, 2, "five\n");
  near.replace(near.find("\n10\n") + 1, 3, "ten\n");
  CHECK(unified_diff(before, near, "x").find("@@ -2,12 +2,12 @@") != std::string::npos);
}

TEST_CASE("a missing final newline is marked on the side that lacks it", "[diff]") {
  CHECK(unified_diff("FROM a\nCMD x", "FROM a\nCMD x\n", "D") ==
        "--- a/D\n+++ b/D\n@@ -1,2 +1,2 @@\n FROM a\n-CMD x\n\\ No newline at end of file\n"
        "+CMD x\n");
  CHECK(unified_diff("a\n", "", "D") == "--- a/D\n+++ b/D\n@@ -1 +0,0 @@\n-a\n");
  CHECK(unified_diff("", "a\n", "D") == "--- a/D\n+++ b/D\n@@ -0,0 +1 @@\n+a\n");
}

TEST_CASE("CRLF line ends are kept in the diff", "[diff]") {
  CHECK(unified_diff("from a\r\nCMD x\r\n", "FROM a\r\nCMD x\r\n", "D") ==
        "--- a/D\n+++ b/D\n@@ -1,2 +1,2 @@\n-from a\r\n+FROM a\r\n CMD x\r\n");
}

TEST_CASE("random edits round-trip through the diff", "[diff][property]") {
  std::mt19937 rng(20261123);
  const std::vector<std::string> pool{"FROM a\n", "RUN x\n",  "ENV k=v\n", "\n",
                                      "# c\n",    "USER u\n", "CMD y\n",   "COPY . .\n"};
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::string> lines;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) lines.push_back(pool[rng() % pool.size()]);
    std::vector<std::string> changed = lines;
    const int edits = static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = changed.empty() ? 0 : rng() % (changed.size() + 1);
      switch (rng() % 3) {
        case 0:
          changed.insert(changed.begin() + static_cast<long>(at), pool[rng() % pool.size()]);
          break;
        case 1:
          if (at < changed.size()) changed.erase(changed.begin() + static_cast<long>(at));
          break;
        default:
          if (at < changed.size()) changed[at] = "CHANGED " + std::to_string(e) + "\n";
      }
    }
    std::string before;
    for (const auto& l : lines) before += l;
    std::string after;
    for (const auto& l : changed) after += l;
    if (rng() % 4 == 0 && !after.empty()) after.pop_back();  // no final newline
    const std::string d = unified_diff(before, after, "D");
    INFO(before << "=>\n" << after << "diff:\n" << d);
    CHECK(d.empty() == (before == after));
    if (!d.empty()) CHECK(apply_diff(before, d) == after);
  }
}
