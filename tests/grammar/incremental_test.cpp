// Incremental reparsing gives exactly the tree of a fresh parse.
//
// Random edits (insert / delete / replace, biased toward heredocs, JSON arrays, line
// continuations and the bytes that matter to the scanner) are applied to corpus files and to
// synthetic documents. After each edit the old tree is updated with ts_tree_edit (exact points),
// reparsed with the old tree, and compared with a fresh parse through a dump holding every
// node's type, field, byte range, points and MISSING / extra flags. The edits of one document
// are chained: each reparse starts from the previous incremental tree, as in an editor.
//
// Environment: WHALESAFE_FUZZ_SEED (default 20261123) and WHALESAFE_FUZZ_EDITS (corpus edits,
// default 10500; the synthetic case runs a quarter of that) make runs reproducible and longer.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support.h"

namespace gt = whalesafe::grammar_test;

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (splitmix64; no std distributions, whose output is unspecified).

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  // Uniform in [lo, hi].
  uint32_t between(uint32_t lo, uint32_t hi) { return lo + below(hi - lo + 1); }
  bool percent(uint32_t p) { return below(100) < p; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(static_cast<uint32_t>(v.size()))];
  }

 private:
  uint64_t state_;
};

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 0);
}

uint64_t seed() { return env_u64("WHALESAFE_FUZZ_SEED", 20261123); }

// ---------------------------------------------------------------------------------------------
// Edits.

struct Edit {
  uint32_t start = 0;
  uint32_t old_length = 0;
  std::string inserted;
};

std::string apply_edit(std::string_view text, const Edit& e) {
  std::string out(text.substr(0, e.start));
  out += e.inserted;
  out += text.substr(e.start + e.old_length);
  return out;
}

TSInputEdit input_edit(std::string_view before, const Edit& e, std::string_view after) {
  TSInputEdit ie{};
  ie.start_byte = e.start;
  ie.old_end_byte = e.start + e.old_length;
  ie.new_end_byte = e.start + static_cast<uint32_t>(e.inserted.size());
  ie.start_point = gt::point_at(before, ie.start_byte);
  ie.old_end_point = gt::point_at(before, ie.old_end_byte);
  ie.new_end_point = gt::point_at(after, ie.new_end_byte);
  return ie;
}

std::string describe(std::string_view before, const Edit& e) {
  std::ostringstream out;
  const TSPoint p = gt::point_at(before, e.start);
  out << "at byte " << e.start << " (row " << p.row << ", col " << p.column << "): ";
  if (e.old_length > 0) {
    out << "delete " << e.old_length << " bytes \""
        << gt::escape(before.substr(e.start, e.old_length)) << "\"";
  }
  if (e.old_length > 0 && !e.inserted.empty()) out << ", ";
  if (!e.inserted.empty()) out << "insert \"" << gt::escape(e.inserted) << "\"";
  return out.str();
}

// Snippets that matter to the grammar and the scanner.
const std::vector<std::string>& snippets() {
  static const std::vector<std::string> kSnippets = {
      "\\\n",
      "\\\n",
      "\\",
      "\\ \n",
      "`\n",
      "`",
      "\\\r\n",
      "\n",
      "\n",
      "\r\n",
      "\r",
      "\"",
      "\"",
      "'",
      "\\ ",
      "\\x",
      "\\\"",
      "`\"",
      "'\\'",
      "\xC2\xA0",      // NO-BREAK SPACE: inside COPY words, between ENV words
      "\xE3\x80\x80",  // IDEOGRAPHIC SPACE
      "[",
      "]",
      "]",
      "[\"",
      "\"]",
      "\", \"",
      ",",
      "<<EOF\n",
      "<<EOF",
      "<<-EOF\n",
      "<<'EOF'\n",
      "<<\"END\"",
      "EOF\n",
      "EOF",
      "\nEOF\n",
      "END\n",
      "\tEOF\n",
      " <<EOF <<END\n",
      "# escape=`\n",
      "# escape=\\\n",
      "# syntax=docker/dockerfile:1\n",
      "#",
      "# comment\n",
      "$",
      "${",
      "}",
      "${A:-b}",
      "$HOME",
      "=",
      "--",
      "--from=",
      "--mount=type=cache,target=/x ",
      " ",
      " ",
      "\t",
      ":",
      "@",
      "@sha256:abc",
      " AS ",
      "FROM ",
      "FROM alpine:3.19\n",
      "RUN ",
      "RUN echo hi\n",
      "CMD ",
      "CMD [\"a\", \"b\"]\n",
      "COPY ",
      "COPY <<EOF /x\n",
      "ADD ",
      "ENV ",
      "ENV A=b C=\"d e\"\n",
      "ARG ",
      "ARG V=1\n",
      "LABEL ",
      "EXPOSE 80\n",
      "WORKDIR /app\n",
      "USER ",
      "VOLUME [\"/data\"]\n",
      "ENTRYPOINT [\"/bin/sh\", \"-c\"]\n",
      "SHELL [\"sh\"]\n",
      "ONBUILD ",
      "HEALTHCHECK ",
      "HEALTHCHECK NONE\n",
      " CMD ",
      "STOPSIGNAL ",
      "MAINTAINER ",
      "NONE",
      "run",
      "from",
      "é",
      "\xc3",
      "日本",
      "\xf0\x9f\x90\xb3",
      "\xef\xbb\xbf",
      std::string(1, '\0'),
      "\x7f",
      "-",
      "/",
      "x",
      "ab",
      "1",
      "\\$",
      "\\\"",
      "'a b'",
      "\"a b\"",
      "=\\\n",
      "--a=\\\n",
      "\\\nx",
      "\\\n  ",
      "=x",
      "\\\n#c\n",
      "0<<EOF\n",
  };
  return kSnippets;
}

struct Hotspots {
  std::vector<uint32_t> points;                        // bytes that matter
  std::vector<std::pair<uint32_t, uint32_t>> regions;  // heredoc bodies, arrays, ...
};

bool starts_with_at(std::string_view text, size_t i, std::string_view what) {
  return text.substr(i, what.size()) == what;
}

Hotspots find_hotspots(std::string_view text) {
  Hotspots h;
  const auto n = static_cast<uint32_t>(text.size());
  for (uint32_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c == '\\' || c == '"' || c == '[' || c == ']' || c == '\n' || c == '`' || c == '$' ||
        c == '#' || c == '=' || c == '\'' || c == '\r' ||
        (c == '<' && starts_with_at(text, i, "<<"))) {
      h.points.push_back(i);
    }
    // Continued lines: the line after a `\` or '`' at the end of a line.
    if ((c == '\\' || c == '`') && i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      const uint32_t from = i + 1;
      const size_t to = text.find('\n', from + 1);
      h.regions.emplace_back(from, to == std::string_view::npos ? n : static_cast<uint32_t>(to));
    }
    // JSON arrays: `[` to the next `]` on the same line.
    if (c == '[') {
      const size_t close = text.find_first_of("]\n", i);
      if (close != std::string_view::npos && text[close] == ']') {
        h.regions.emplace_back(i, static_cast<uint32_t>(close + 1));
      }
    }
    // Heredocs: `<<[-]['"]WORD` to the terminator line (or the end).
    if (c == '<' && starts_with_at(text, i, "<<")) {
      size_t j = i + 2;
      if (j < n && text[j] == '-') ++j;
      if (j < n && (text[j] == '\'' || text[j] == '"')) ++j;
      const size_t word_start = j;
      while (j < n && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
      if (j == word_start) continue;
      const std::string word(text.substr(word_start, j - word_start));
      const size_t body = text.find('\n', j);
      if (body == std::string_view::npos) continue;
      size_t end = n;
      for (size_t line = body + 1; line < n;) {
        size_t eol = text.find('\n', line);
        if (eol == std::string_view::npos) eol = n;
        std::string_view l = text.substr(line, eol - line);
        while (!l.empty() && l.front() == '\t') l.remove_prefix(1);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l == word) {
          end = eol;
          break;
        }
        line = eol + 1;
      }
      h.regions.emplace_back(static_cast<uint32_t>(body), static_cast<uint32_t>(end));
    }
  }
  return h;
}

// Edits start and end on UTF-8 character boundaries of the old text, as editors' (LSP) edits
// do. Inside a character they can diverge for a reason outside the grammar: runtime 0.20.7
// records a token's lookahead as one byte past its end (two after an invalid byte), not the
// whole next character, so an edit inside a multi-byte character that follows a token does not
// invalidate the token (e.g. "F\xEF\xBB\xBF", insert "x" at byte 2: the reused `F` keyword
// stops before the BOM character, a fresh parse takes "F\xEF" as the keyword).
bool continuation_byte(std::string_view text, uint32_t offset) {
  return offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
}

uint32_t snap_to_char(std::string_view text, uint32_t offset) {
  while (offset > 0 && continuation_byte(text, offset)) --offset;
  return offset;
}

uint32_t pick_offset(Rng& rng, std::string_view text, const Hotspots& h) {
  const auto n = static_cast<uint32_t>(text.size());
  uint32_t offset = 0;
  const uint32_t r = rng.below(100);
  if (r < 45 && !h.points.empty()) {
    const uint32_t p = rng.pick(h.points);
    // The hot byte itself, just after it, or a little around it.
    const uint32_t jitter = rng.below(100);
    if (jitter < 45) {
      offset = p;
    } else if (jitter < 80) {
      offset = p + 1;
    } else {
      const uint32_t d = rng.between(0, 6);
      offset = p + d >= 3 ? p + d - 3 : 0;
    }
  } else if (r < 75 && !h.regions.empty()) {
    const auto [from, to] = rng.pick(h.regions);
    offset = rng.between(from, to);
  } else {
    offset = rng.between(0, n);
  }
  offset = std::min(offset, n);
  offset = snap_to_char(text, offset);
  return offset;
}

std::string random_bytes(Rng& rng, bool printable) {
  std::string s;
  const uint32_t len = rng.between(1, 8);
  for (uint32_t i = 0; i < len; ++i) {
    s += printable ? static_cast<char>(rng.between(0x20, 0x7e)) : static_cast<char>(rng.below(256));
  }
  return s;
}

std::string random_insertion(Rng& rng, std::string_view text) {
  const uint32_t r = rng.below(100);
  if (r < 70) return rng.pick(snippets());
  if (r < 85) return random_bytes(rng, true);
  if (r < 90) return random_bytes(rng, false);
  if (text.empty()) return "x";
  // A copy of some of the document (cut / paste).
  const uint32_t from = rng.below(static_cast<uint32_t>(text.size()));
  const uint32_t len = rng.between(1, 60);
  return std::string(text.substr(from, len));
}

Edit random_edit(Rng& rng, std::string_view text) {
  const Hotspots h = find_hotspots(text);
  Edit e;
  e.start = pick_offset(rng, text, h);
  const auto remaining = static_cast<uint32_t>(text.size()) - e.start;
  const uint32_t kind = rng.below(100);
  const bool insert = kind < 40 || remaining == 0;
  const bool remove = !insert;
  const bool replace = kind >= 70 && !insert;
  if (remove) {
    const uint32_t r = rng.below(100);
    uint32_t len = 1;
    if (r < 40) {
      len = 1;
    } else if (r < 70) {
      len = rng.between(2, 5);
    } else if (r < 90) {
      len = rng.between(6, 40);
    } else {
      len = rng.between(41, 300);
    }
    e.old_length = std::min(len, remaining);
    while (continuation_byte(text, e.start + e.old_length)) ++e.old_length;
  }
  if (insert || replace) e.inserted = random_insertion(rng, text);
  return e;
}

// ---------------------------------------------------------------------------------------------
// One checked edit.

struct Stats {
  uint64_t edits = 0;
  uint64_t mismatches = 0;
  uint64_t reused_nodes = 0;
  uint64_t edits_with_reuse = 0;
  uint64_t changed_ranges = 0;
  uint64_t fresh_with_errors = 0;
};

struct ReuseCounter {
  uint64_t count = 0;
  static void log(void* payload, TSLogType type, const char* message) {
    if (type == TSLogTypeParse && std::strncmp(message, "reuse_node", 10) == 0) {
      ++static_cast<ReuseCounter*>(payload)->count;
    }
  }
};

struct Outcome {
  bool same = true;
  std::string incremental_dump;
  std::string fresh_dump;
  std::string range_problem;  // non-empty when a changed range is out of bounds
  uint64_t reused = 0;
  bool fresh_has_error = false;
  uint32_t range_count = 0;
};

// Edits `old_tree` (a copy), reparses `after` with it and compares with a fresh parse.
// Returns the incremental tree through `new_tree`.
Outcome check_edit(TSParser* incremental, TSParser* fresh, const TSTree* old_tree,
                   std::string_view before, const Edit& e, std::string_view after,
                   gt::TreePtr* new_tree) {
  Outcome out;
  gt::TreePtr edited(ts_tree_copy(old_tree));
  const TSInputEdit ie = input_edit(before, e, after);
  ts_tree_edit(edited.get(), &ie);

  ReuseCounter counter;
  ts_parser_set_logger(incremental, TSLogger{&counter, &ReuseCounter::log});
  gt::TreePtr reparsed = gt::parse(incremental, after, edited.get());
  ts_parser_set_logger(incremental, TSLogger{nullptr, nullptr});
  gt::TreePtr scratch = gt::parse(fresh, after);
  REQUIRE(reparsed != nullptr);
  REQUIRE(scratch != nullptr);
  out.reused = counter.count;

  out.incremental_dump = gt::dump(ts_tree_root_node(reparsed.get()));
  out.fresh_dump = gt::dump(ts_tree_root_node(scratch.get()));
  out.same = out.incremental_dump == out.fresh_dump;
  out.fresh_has_error = ts_node_has_error(ts_tree_root_node(scratch.get()));

  uint32_t count = 0;
  TSRange* ranges = ts_tree_get_changed_ranges(edited.get(), reparsed.get(), &count);
  out.range_count = count;
  const auto size = static_cast<uint32_t>(after.size());
  uint32_t previous_end = 0;
  for (uint32_t i = 0; i < count && out.range_problem.empty(); ++i) {
    const TSRange& r = ranges[i];
    std::ostringstream problem;
    if (r.start_byte > r.end_byte || r.end_byte > size) {
      problem << "changed range " << i << " [" << r.start_byte << "-" << r.end_byte
              << "] is not within the document of " << size << " bytes";
    } else if (r.start_byte < previous_end) {
      problem << "changed range " << i << " [" << r.start_byte << "-" << r.end_byte
              << "] overlaps or precedes the previous one ending at " << previous_end;
    } else {
      const TSPoint s = gt::point_at(after, r.start_byte);
      const TSPoint t = gt::point_at(after, r.end_byte);
      if (s.row != r.start_point.row || s.column != r.start_point.column ||
          t.row != r.end_point.row || t.column != r.end_point.column) {
        problem << "changed range " << i << " [" << r.start_byte << "-" << r.end_byte
                << "] has points (" << r.start_point.row << ":" << r.start_point.column << "-"
                << r.end_point.row << ":" << r.end_point.column << "), expected (" << s.row << ":"
                << s.column << "-" << t.row << ":" << t.column << ")";
      }
    }
    out.range_problem = problem.str();
    previous_end = r.end_byte;
  }
  std::free(ranges);
  if (new_tree != nullptr) *new_tree = std::move(reparsed);
  return out;
}

// Does `e` on a freshly parsed `before` give an incremental tree different from a fresh one?
bool reproduces(std::string_view before, const Edit& e) {
  gt::ParserPtr incremental = gt::make_parser();
  gt::ParserPtr fresh = gt::make_parser();
  gt::TreePtr old_tree = gt::parse(incremental.get(), before);
  const std::string after = apply_edit(before, e);
  return !check_edit(incremental.get(), fresh.get(), old_tree.get(), before, e, after, nullptr)
              .same;
}

// Shrinks a reproducing (document, edit) pair: drops chunks of lines, then single bytes, away
// from the edited bytes; then shortens the edit itself.
void shrink(std::string& before, Edit& e) {
  int budget = 4000;
  auto try_candidate = [&](std::string candidate_text, Edit candidate_edit) {
    if (budget-- <= 0) return false;
    if (!reproduces(candidate_text, candidate_edit)) return false;
    before = std::move(candidate_text);
    e = std::move(candidate_edit);
    return true;
  };
  // Removes [from, to) of `before` if it does not touch the edit; adjusts the edit.
  auto without = [&](uint32_t from, uint32_t to) -> bool {
    if (from >= to) return false;
    const uint32_t edit_end = e.start + e.old_length;
    if (to > e.start && from < edit_end) return false;  // overlaps the deleted bytes
    if (from < e.start && to > e.start) return false;
    Edit moved = e;
    if (to <= e.start) moved.start -= to - from;
    std::string text = before.substr(0, from) + before.substr(to);
    return try_candidate(std::move(text), moved);
  };
  auto line_starts = [&]() {
    std::vector<uint32_t> starts{0};
    for (uint32_t i = 0; i < before.size(); ++i) {
      if (before[i] == '\n') starts.push_back(i + 1);
    }
    if (starts.back() != before.size()) starts.push_back(static_cast<uint32_t>(before.size()));
    return starts;
  };
  // Chunks of lines, halving the chunk size.
  for (size_t chunk = 64; chunk >= 1; chunk /= 2) {
    bool progress = true;
    while (progress && budget > 0) {
      progress = false;
      std::vector<uint32_t> starts = line_starts();
      for (size_t i = 0; i + 1 < starts.size() && budget > 0;) {
        const size_t j = std::min(i + chunk, starts.size() - 1);
        if (without(starts[i], starts[j])) {
          progress = true;
          starts = line_starts();
        } else {
          i = j;
        }
      }
    }
  }
  // Single bytes, from the end.
  bool progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (uint32_t i = static_cast<uint32_t>(before.size()); i-- > 0 && budget > 0;) {
      if (i < before.size() && without(i, i + 1)) progress = true;
    }
  }
  // The edit: shorter insertion, shorter deletion.
  progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (size_t k = 0; k < e.inserted.size() && budget > 0; ++k) {
      Edit smaller = e;
      smaller.inserted.erase(k, 1);
      if (try_candidate(before, smaller)) {
        progress = true;
        break;
      }
    }
    if (e.old_length > 0) {
      Edit smaller = e;
      --smaller.old_length;
      if (try_candidate(before, smaller)) progress = true;
      smaller = e;
      ++smaller.start;
      --smaller.old_length;
      if (try_candidate(before, smaller)) progress = true;
    }
  }
}

// The region of two dumps around their first differing line.
std::string dump_diff(const std::string& a, const std::string& b) {
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  };
  const auto la = lines(a);
  const auto lb = lines(b);
  size_t first = 0;
  while (first < la.size() && first < lb.size() && la[first] == lb[first]) ++first;
  std::ostringstream out;
  out << "first difference at dump line " << first + 1 << "\n";
  const size_t from = first > 8 ? first - 8 : 0;
  out << "--- incremental (lines " << from + 1 << "..)\n";
  for (size_t i = from; i < la.size() && i < first + 12; ++i) {
    out << (i == first ? "> " : "  ") << la[i] << "\n";
  }
  out << "--- fresh (lines " << from + 1 << "..)\n";
  for (size_t i = from; i < lb.size() && i < first + 12; ++i) {
    out << (i == first ? "> " : "  ") << lb[i] << "\n";
  }
  return out.str();
}

std::string mismatch_report(const std::string& origin, const std::vector<std::string>& history,
                            const std::vector<Edit>& edits, std::string before, Edit e) {
  std::ostringstream out;
  out << "MISMATCH: incremental reparse differs from a fresh parse\n  document: " << origin
      << "\n  edit: " << describe(before, e) << " (edit " << edits.size() << " of its chain)\n";
  if (reproduces(before, e)) {
    out << "  reproduces from a fresh parse of the document before the edit; shrunk:\n";
    shrink(before, e);
  } else {
    // Only in the chain: find the shortest suffix of the chain that still reproduces.
    out << "  does NOT reproduce from a fresh parse of the document before the edit;"
           " it needs the earlier incremental trees of this chain:\n";
    for (size_t k = history.size() - 1; k-- > 0;) {
      gt::ParserPtr incremental = gt::make_parser();
      gt::ParserPtr fresh = gt::make_parser();
      gt::TreePtr tree = gt::parse(incremental.get(), history[k]);
      bool differs = false;
      for (size_t m = k; m < edits.size(); ++m) {
        gt::TreePtr next;
        const Outcome o = check_edit(incremental.get(), fresh.get(), tree.get(), history[m],
                                     edits[m], history[m + 1], &next);
        tree = std::move(next);
        differs = !o.same;
        if (differs) break;
      }
      if (differs) {
        out << "  chain from edit " << k << " reproduces:\n  start: \"" << gt::escape(history[k])
            << "\"\n";
        for (size_t m = k; m + 1 < edits.size(); ++m) {
          out << "  then: " << describe(history[m], edits[m]) << "\n";
        }
        break;
      }
    }
  }
  const std::string after = apply_edit(before, e);
  out << "  before: \"" << gt::escape(before) << "\"\n  edit:   " << describe(before, e)
      << "\n  after:  \"" << gt::escape(after) << "\"\n";
  gt::ParserPtr incremental = gt::make_parser();
  gt::ParserPtr fresh = gt::make_parser();
  gt::TreePtr old_tree = gt::parse(incremental.get(), before);
  const Outcome o =
      check_edit(incremental.get(), fresh.get(), old_tree.get(), before, e, after, nullptr);
  if (o.incremental_dump.size() + o.fresh_dump.size() < 12000) {
    out << "  old tree:\n" << gt::dump(ts_tree_root_node(old_tree.get()));
    out << "  incremental tree:\n" << o.incremental_dump << "  fresh tree:\n" << o.fresh_dump;
  }
  out << dump_diff(o.incremental_dump, o.fresh_dump);
  return out.str();
}

// Runs `edit_count` chained edits on `document`, checking each one.
void fuzz_document(Rng& rng, const std::string& origin, std::string document, uint32_t edit_count,
                   TSParser* incremental, TSParser* fresh, Stats& stats,
                   std::vector<std::string>& reports) {
  gt::TreePtr tree = gt::parse(incremental, document);
  REQUIRE(tree != nullptr);
  std::vector<std::string> history{document};
  std::vector<Edit> edits;
  std::vector<Edit> queued;  // the remaining keystrokes of a typed snippet
  for (uint32_t i = 0; i < edit_count; ++i) {
    Edit e;
    const uint32_t r = rng.below(100);
    if (!queued.empty()) {
      e = queued.front();
      queued.erase(queued.begin());
    } else if (r < 10 && !edits.empty() && !continuation_byte(document, edits.back().start) &&
               !continuation_byte(
                   document,
                   edits.back().start + static_cast<uint32_t>(edits.back().inserted.size()))) {
      // Undo the previous edit.
      const Edit& last = edits.back();
      const std::string& previous = history[history.size() - 2];
      e = Edit{last.start, static_cast<uint32_t>(last.inserted.size()),
               previous.substr(last.start, last.old_length)};
    } else if (r < 20) {
      // Type a snippet one byte at a time.
      const Hotspots h = find_hotspots(document);
      const uint32_t at = pick_offset(rng, document, h);
      const std::string& typed = rng.pick(snippets());
      for (uint32_t k = 0; k < typed.size(); ++k) {
        queued.push_back(Edit{at + k, 0, typed.substr(k, 1)});
      }
      if (queued.empty()) queued.push_back(Edit{at, 0, "x"});
      e = queued.front();
      queued.erase(queued.begin());
    } else {
      e = random_edit(rng, document);
    }
    std::string after = apply_edit(document, e);
    // Keep documents from growing without bound.
    if (after.size() > 200000) {
      e = Edit{0, static_cast<uint32_t>(std::min<size_t>(document.size(), 1000)), ""};
      after = apply_edit(document, e);
      queued.clear();
    }
    edits.push_back(e);
    history.push_back(after);
    gt::TreePtr next;
    const Outcome o = check_edit(incremental, fresh, tree.get(), document, e, after, &next);
    ++stats.edits;
    stats.reused_nodes += o.reused;
    if (o.reused > 0) ++stats.edits_with_reuse;
    stats.changed_ranges += o.range_count;
    if (o.fresh_has_error) ++stats.fresh_with_errors;
    if (!o.range_problem.empty()) {
      reports.push_back("CHANGED RANGES: " + o.range_problem + "\n  document: " + origin +
                        "\n  edit: " + describe(document, e) + "\n  after: \"" +
                        gt::escape(after.size() < 4000 ? after : after.substr(0, 4000)) + "\"");
    }
    if (!o.same) {
      ++stats.mismatches;
      if (stats.mismatches <= 5) {
        reports.push_back(mismatch_report(origin, history, edits, document, e));
      }
      // Continue from a correct tree.
      next = gt::parse(incremental, after);
      queued.clear();
    }
    tree = std::move(next);
    document = std::move(after);
  }
}

void print_stats(const char* what, const Stats& s, double seconds) {
  std::cout << what << ": seed " << seed() << ", " << s.edits << " edits, " << s.mismatches
            << " mismatches, " << s.reused_nodes << " reused nodes (" << s.edits_with_reuse
            << " edits with reuse), " << s.changed_ranges << " changed ranges, "
            << s.fresh_with_errors << " edited documents with errors, " << seconds << " s\n";
}

void finish(const char* what, const Stats& stats, const std::vector<std::string>& reports,
            std::chrono::steady_clock::time_point started) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_stats(what, stats, seconds);
  for (const std::string& r : reports) FAIL_CHECK(r);
  CHECK(stats.mismatches == 0);
  CHECK(stats.reused_nodes > 0);
  // Reuse must be the norm, not an accident: most edits of multi-line documents reuse nodes.
  CHECK(stats.edits_with_reuse * 2 > stats.edits);
}

// ---------------------------------------------------------------------------------------------
// Synthetic documents: a token soup of instructions, flags, heredocs, arrays, continuations.

const std::vector<std::string>& synthetic_lines() {
  static const std::vector<std::string> kLines = {
      "FROM alpine:3.19 AS base\n",
      "FROM --platform=$BUILDPLATFORM golang:1.22@sha256:0123abcd AS build\n",
      "FROM ${REGISTRY}/img:${TAG}\n",
      "RUN apt-get update && \\\n    apt-get install -y curl \\\n    && rm -rf "
      "/var/lib/apt/lists/*\n",
      "RUN --mount=type=cache,target=/root/.cache go build ./...\n",
      "RUN <<EOF\nset -e\necho \"hello\"\nEOF\n",
      "RUN <<-EOT bash\n\techo tabbed\n\tEOT\n",
      "RUN cat <<A && cat <<'B'\na body\nA\nb $body\nB\n",
      "COPY <<EOF /etc/config\nkey=value\nEOF\n",
      "COPY --from=build --chown=1000:1000 /src/app /usr/local/bin/app\n",
      "COPY [\"a b\", \"c\", \"/dst/\"]\n",
      "ADD https://example.com/x.tar.gz /tmp/\n",
      "CMD [\"/bin/sh\", \"-c\", \"echo \\\"hi\\\"\"]\n",
      "CMD echo hello world\n",
      "ENTRYPOINT [\"docker-entrypoint.sh\"]\n",
      "ENTRYPOINT exec app \\\n  --flag\n",
      "SHELL [\"powershell\", \"-Command\"]\n",
      "ENV A=1 B=\"two words\" C='single' D=${A:-x}\n",
      "ENV LEGACY value with spaces\n",
      "LABEL org.opencontainers.image.title=\"x\" version=1.0\n",
      "ARG VERSION=1.0\n",
      "ARG A B=2\n",
      "EXPOSE 80/tcp 443\n",
      "VOLUME [\"/data\", \"/logs\"]\n",
      "VOLUME /var/lib/x\n",
      "WORKDIR /app/$DIR\n",
      "USER 1000:1000\n",
      "STOPSIGNAL SIGTERM\n",
      "MAINTAINER Someone <a@b.c>\n",
      "ONBUILD RUN make\n",
      "ONBUILD COPY . /src\n",
      "HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1\n",
      "HEALTHCHECK NONE\n",
      "# a comment\n",
      "\n",
      "  \t\n",
      "RUN echo a \\\n# comment inside continuation\n  b\n",
      "RUN echo [not json\n",
      "CMD [\"a\", [ \"b\" ] ]\n",
      "run lowercase instruction\n",
      "FOO unknown instruction\n",
      "RUN echo \\\r\n  crlf\r\n",
      "ENV X=\"\xc3\xa9t\xc3\xa9\" Y=\xe6\x97\xa5\n",
      "COPY a \\\n  b \\\n  /c/\n",
      "RUN \\\n\n  echo empty continuation line\n",
      "ENV name='a\\'b' N2=\"x\\ \n",
      "ENV A=x\\ \n  B=\"y\n",
      "WORKDIR C:\\app\\\n",
      "COPY a\\ b c\\ \n  d\n",
      "ARG =x\n",
      "LABEL a=1\xC2\xA0" "b=\"2\xC2\xA0" "3\"\n",
      "COPY --chown=\"a\\\"b\" x y\n",
  };
  return kLines;
}

std::string synthetic_document(Rng& rng) {
  const std::vector<std::string>& kLines = synthetic_lines();
  std::string doc;
  if (rng.percent(20)) doc += "# escape=`\n";
  if (rng.percent(20)) doc += "# syntax=docker/dockerfile:1\n";
  const bool backtick = doc.find("escape=`") != std::string::npos;
  const uint32_t lines = rng.between(3, 25);
  for (uint32_t i = 0; i < lines; ++i) {
    std::string line = rng.pick(kLines);
    if (backtick && rng.percent(50)) std::replace(line.begin(), line.end(), '\\', '`');
    doc += line;
  }
  if (rng.percent(15) && !doc.empty()) doc.pop_back();  // no final newline
  return doc;
}

}  // namespace

TEST_CASE("incremental reparses of edited corpus files equal fresh parses", "[corpus]") {
  WHALESAFE_REQUIRE_SHARED_DIR(shared);
  const std::filesystem::path corpus = shared / "corpus";
  const std::vector<std::string> files = gt::corpus_manifest(corpus);
  REQUIRE_FALSE(files.empty());
  const uint64_t target = env_u64("WHALESAFE_FUZZ_EDITS", 10500);

  Rng rng(seed());
  gt::ParserPtr incremental = gt::make_parser();
  gt::ParserPtr fresh = gt::make_parser();
  Stats stats;
  std::vector<std::string> reports;
  const auto started = std::chrono::steady_clock::now();
  // Every file gets a chain of edits; the chains together make at least `target` edits.
  const auto per_file = static_cast<uint32_t>((target + files.size() - 1) / files.size());
  for (const std::string& name : files) {
    const std::string text = gt::read_file(corpus / name);
    const uint32_t count = rng.between(std::max<uint32_t>(1, per_file / 2), per_file * 3 / 2 + 1);
    fuzz_document(rng, name, text, count, incremental.get(), fresh.get(), stats, reports);
  }
  // Top up to the target.
  while (stats.edits < target) {
    const std::string& name = rng.pick(files);
    fuzz_document(rng, name, gt::read_file(corpus / name), per_file, incremental.get(), fresh.get(),
                  stats, reports);
  }
  finish("corpus", stats, reports, started);
  CHECK(stats.edits >= target);
}

TEST_CASE("incremental reparses of edited synthetic documents equal fresh parses", "[synthetic]") {
  const uint64_t target = env_u64("WHALESAFE_FUZZ_EDITS", 10500) / 4;
  Rng rng(seed() ^ 0x5157);
  gt::ParserPtr incremental = gt::make_parser();
  gt::ParserPtr fresh = gt::make_parser();
  Stats stats;
  std::vector<std::string> reports;
  const auto started = std::chrono::steady_clock::now();
  for (uint32_t doc = 0; stats.edits < target; ++doc) {
    const std::string text = synthetic_document(rng);
    fuzz_document(rng, "synthetic #" + std::to_string(doc) + ": \"" + gt::escape(text) + "\"", text,
                  rng.between(5, 30), incremental.get(), fresh.get(), stats, reports);
  }
  finish("synthetic", stats, reports, started);
}

TEST_CASE("point computation matches tree-sitter's", "[synthetic]") {
  // Points only count '\n'; '\r' and multi-byte UTF-8 count as column bytes.
  const std::string text = "FROM a\r\nRUN \xc3\xa9\xe6\x97\xa5 x\n\nCMD y";
  gt::ParserPtr parser = gt::make_parser();
  gt::TreePtr tree = gt::parse(parser.get(), text);
  REQUIRE(tree != nullptr);
  const TSNode root = ts_tree_root_node(tree.get());
  const TSPoint end = ts_node_end_point(root);
  const TSPoint expected = gt::point_at(text, ts_node_end_byte(root));
  CHECK(end.row == expected.row);
  CHECK(end.column == expected.column);
  CHECK(gt::point_at(text, 12).row == 1);
  CHECK(gt::point_at(text, 12).column == 4);
}

TEST_CASE("systematic edits of small documents: incremental = fresh", "[synthetic]") {
  // Every insertion of these snippets and every 1-3 byte deletion, at every offset.
  const std::vector<std::string> inserts = {
      "\\\n", "\\", "\n", "\r\n", "\"", "'", "[", "]", "<<EOF\n", "EOF\n",
      "=",    " ",  "$",  "{",    "}",  "#", "`", "-", "x",       "\xc3\xa9",
  };
  gt::ParserPtr incremental = gt::make_parser();
  gt::ParserPtr fresh = gt::make_parser();
  Stats stats;
  std::vector<std::string> reports;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> docs;
  for (const std::string& line : synthetic_lines()) {
    docs.push_back("FROM a\n" + line + "CMD [\"x\"]\n");
    // The same under `# escape=``, where '`' continues lines and '\\' is ordinary.
    std::string backtick = line;
    std::replace(backtick.begin(), backtick.end(), '\\', '`');
    docs.push_back("# escape=`\nFROM a\n" + backtick + "CMD [\"x\"]\n");
  }
  for (const std::string& doc : docs) {
    gt::TreePtr old_tree = gt::parse(incremental.get(), doc);
    std::vector<Edit> edits;
    for (uint32_t at = 0; at <= doc.size(); ++at) {
      if (continuation_byte(doc, at)) continue;  // see snap_to_char
      for (const std::string& ins : inserts) edits.push_back(Edit{at, 0, ins});
      for (uint32_t len = 1; len <= 3 && at + len <= doc.size(); ++len) {
        if (!continuation_byte(doc, at + len)) edits.push_back(Edit{at, len, ""});
      }
    }
    for (const Edit& e : edits) {
      const std::string after = apply_edit(doc, e);
      const Outcome o =
          check_edit(incremental.get(), fresh.get(), old_tree.get(), doc, e, after, nullptr);
      ++stats.edits;
      stats.reused_nodes += o.reused;
      if (o.reused > 0) ++stats.edits_with_reuse;
      stats.changed_ranges += o.range_count;
      if (o.fresh_has_error) ++stats.fresh_with_errors;
      if (!o.range_problem.empty()) reports.push_back("CHANGED RANGES: " + o.range_problem);
      if (!o.same && ++stats.mismatches <= 5) {
        reports.push_back(
            mismatch_report("systematic: \"" + gt::escape(doc) + "\"", {doc, after}, {e}, doc, e));
      }
    }
  }
  finish("systematic", stats, reports, started);
}

TEST_CASE("incremental divergences found before stay fixed", "[synthetic]") {
  struct Case {
    const char* what;
    std::string before;
    Edit edit;
  };
  const std::vector<Case> cases = {
      // scanner.c decides whether argument text (TEXT_FIRST) may start right after a DFA
      // token from get_column() == 0 (start of a line after a continuation). When it says no,
      // the DFA lexes the flag value instead, and that token does not record that it depended
      // on the column (the runtime resets did_get_column before the DFA runs). After inserting
      // a continuation before it, the old flag value is reused (same external-scanner state:
      // the previous external token is a directive / continuation), while a fresh parse lexes
      // shell text there.
      {"continuation inserted between `--flag=` and its value, after a directive",
       "#syntax=d\nRUN --m=t", Edit{18, 0, "\\\n"}},
      {"the same in a realistic RUN --mount",
       "# syntax=docker/dockerfile:1\nRUN --mount=type=cache,target=/x make\n",
       Edit{41, 0, "\\\n"}},
      {"the same after a line continuation", "\\\nRUN--m=f", Edit{9, 0, "\\\n"}},
      {"the same without an earlier external token", "RUN --m=f\n", Edit{8, 0, "\\\n"}},
  };
  for (const Case& c : cases) {
    INFO(c.what << "\nbefore: \"" << gt::escape(c.before)
                << "\"\nedit: " << describe(c.before, c.edit));
    if (reproduces(c.before, c.edit)) {
      FAIL_CHECK(mismatch_report(c.what, {c.before, apply_edit(c.before, c.edit)}, {c.edit},
                                 c.before, c.edit));
    }
  }
}

TEST_CASE("the comparison catches a wrong ts_tree_edit", "[synthetic]") {
  // Self-test of the harness: describe an insertion at the start as one at the end; the
  // reused nodes then disagree with a fresh parse, and the dumps must show it.
  const std::string before = "FROM a\nRUN b\n";
  const std::string after = "XFROM a\nRUN b\n";
  gt::ParserPtr parser = gt::make_parser();
  gt::TreePtr old_tree = gt::parse(parser.get(), before);
  TSInputEdit wrong{};
  wrong.start_byte = wrong.old_end_byte = static_cast<uint32_t>(before.size());
  wrong.new_end_byte = wrong.start_byte + 1;
  wrong.start_point = wrong.old_end_point = gt::point_at(before, wrong.start_byte);
  wrong.new_end_point = gt::point_at(after, wrong.new_end_byte);
  gt::TreePtr edited(ts_tree_copy(old_tree.get()));
  ts_tree_edit(edited.get(), &wrong);
  gt::TreePtr reparsed = gt::parse(parser.get(), after, edited.get());
  gt::TreePtr scratch = gt::parse(parser.get(), after);
  CHECK(gt::dump(ts_tree_root_node(reparsed.get())) != gt::dump(ts_tree_root_node(scratch.get())));
}
