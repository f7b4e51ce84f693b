// parse_bench: parser benchmarks for whalesafe's Dockerfile grammar (see docs/performance.md).
//
//   full          full-parse throughput over the shared corpus (every file in MANIFEST.tsv), fresh
//                 trees with ts_parser_parse_string, one thread, warmed up, median of repetitions.
//   incremental   reparse latency after one-character edits (insert, then delete the same
//                 character, at random positions): ts_tree_edit + ts_parser_parse_string with the
//                 old tree, in a ~1,000-line Dockerfile made of corpus files, and the same for
//                 tree-sitter-bash on a ~45 KB shell script made of the corpus' RUN commands.
//   profile       (--profile) the same edits, untimed, with a tree-sitter logger counting parser
//                 events (reused nodes, relexed tokens, shifts, reductions) per reparse.
//
// Results go to stdout; lines starting with "RESULT " are read by bench/run.sh. Never run by ctest:
// benchmarks measure, tests assert.
#include <tree_sitter/api.h>
#include <tree_sitter_dockerfile/dockerfile.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "tree_sitter_bash.h"

#ifndef WHALESAFE_SHARED_DIR
#define WHALESAFE_SHARED_DIR "../shared"
#endif

namespace {

namespace fs = std::filesystem;
using whalesafe::bench::Clock;
using whalesafe::bench::CorpusFile;
using whalesafe::bench::load_corpus;
using whalesafe::bench::median;
using whalesafe::bench::percentile;
using whalesafe::bench::seconds_since;

struct Options {
  std::string corpus = std::string(WHALESAFE_SHARED_DIR) + "/corpus";
  int warmup = 3;                   // untimed full passes over the corpus
  int reps = 15;                    // timed full passes
  int edits = 4000;                 // timed one-character edits per grammar (2 reparses each)
  int warmup_edits = 300;           // untimed edits before timing
  int dockerfile_lines = 1000;      // size of the incremental Dockerfile
  std::size_t shell_bytes = 45000;  // size of the incremental shell script
  int verify_every = 97;    // compare an incremental tree with a fresh parse every N reparses
  int profile_edits = 300;  // edits in --profile mode
  std::uint64_t seed = 20240229;
  bool run_full = true;
  bool run_incremental = true;
  bool profile = false;
  bool dockerfile = true;  // --grammar: which grammars the incremental benchmark and profile run
  bool bash = true;
  std::string write_docs;       // directory to write the generated incremental inputs to
  std::string dockerfile_path;  // use this Dockerfile instead of the generated one
  std::string script_path;      // use this shell script instead of the generated one
};

[[noreturn]] void usage(int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "usage: parse_bench [--corpus DIR] [--reps N] [--warmup N] [--edits N]\n"
               "                   [--warmup-edits N] [--lines N] [--shell-bytes N]\n"
               "                   [--verify-every N] [--seed N] [--only full|incremental]\n"
               "                   [--grammar dockerfile|bash|both]\n"
               "                   [--dockerfile FILE] [--shell-script FILE]\n"
               "                   [--profile] [--profile-edits N] [--write-docs DIR] [--quick]\n");
  std::exit(status);
}

Options parse_options(int argc, char** argv) {
  Options o;
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) usage(2);
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--corpus") {
      o.corpus = value(i);
    } else if (a == "--reps") {
      o.reps = std::stoi(value(i));
    } else if (a == "--warmup") {
      o.warmup = std::stoi(value(i));
    } else if (a == "--edits") {
      o.edits = std::stoi(value(i));
    } else if (a == "--warmup-edits") {
      o.warmup_edits = std::stoi(value(i));
    } else if (a == "--lines") {
      o.dockerfile_lines = std::stoi(value(i));
    } else if (a == "--shell-bytes") {
      o.shell_bytes = std::stoul(value(i));
    } else if (a == "--verify-every") {
      o.verify_every = std::stoi(value(i));
    } else if (a == "--seed") {
      o.seed = std::stoull(value(i));
    } else if (a == "--only") {
      const std::string what = value(i);
      o.run_full = what == "full";
      o.run_incremental = what == "incremental";
      if (!o.run_full && !o.run_incremental) usage(2);
    } else if (a == "--grammar") {
      const std::string what = value(i);
      o.dockerfile = what == "dockerfile" || what == "both";
      o.bash = what == "bash" || what == "both";
      if (!o.dockerfile && !o.bash) usage(2);
    } else if (a == "--profile") {
      o.profile = true;
    } else if (a == "--profile-edits") {
      o.profile_edits = std::stoi(value(i));
    } else if (a == "--dockerfile") {
      o.dockerfile_path = value(i);
    } else if (a == "--shell-script") {
      o.script_path = value(i);
    } else if (a == "--write-docs") {
      o.write_docs = value(i);
    } else if (a == "--quick") {
      o.warmup = 1;
      o.reps = 3;
      o.edits = 500;
      o.warmup_edits = 50;
      o.profile_edits = 50;
    } else if (a == "--help" || a == "-h") {
      usage(0);
    } else {
      usage(2);
    }
  }
  if (o.reps < 1 || o.edits < 1 || o.warmup < 0 || o.warmup_edits < 0) usage(2);
  return o;
}

struct Parser {
  explicit Parser(const TSLanguage* language) : parser(ts_parser_new()) {
    if (!ts_parser_set_language(parser, language)) {
      std::fprintf(stderr, "parse_bench: language ABI not supported by the runtime\n");
      std::exit(1);
    }
  }
  ~Parser() { ts_parser_delete(parser); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  TSTree* parse(const std::string& text, TSTree* old_tree = nullptr) const {
    return ts_parser_parse_string(parser, old_tree, text.data(),
                                  static_cast<uint32_t>(text.size()));
  }
  bool has_error(const std::string& text) const {
    TSTree* tree = parse(text);
    const bool error = ts_node_has_error(ts_tree_root_node(tree));
    ts_tree_delete(tree);
    return error;
  }

  TSParser* parser;
};

std::string tree_string(const TSTree* tree) {
  char* s = ts_node_string(ts_tree_root_node(tree));
  std::string result(s);
  std::free(s);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Full parse
// ---------------------------------------------------------------------------------------------

void bench_full(const Options& o, const std::vector<CorpusFile>& corpus) {
  Parser p(tree_sitter_dockerfile());
  std::size_t bytes = 0;
  for (const auto& f : corpus) bytes += f.text.size();

  std::size_t error_files = 0;
  std::vector<std::pair<double, std::string>> per_file;  // ns per byte, name (first timed rep)
  for (const auto& f : corpus) error_files += p.has_error(f.text) ? 1 : 0;

  for (int i = 0; i < o.warmup; ++i) {
    for (const auto& f : corpus) ts_tree_delete(p.parse(f.text));
  }

  // Each file is timed on its own (the tree's deletion is not timed), as the peer does.
  std::vector<double> mbps;
  std::vector<double> file_seconds(corpus.size(), 0);
  for (int r = 0; r < o.reps; ++r) {
    double total = 0;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      const auto start = Clock::now();
      TSTree* tree = p.parse(corpus[i].text);
      const double s = seconds_since(start);
      ts_tree_delete(tree);
      total += s;
      file_seconds[i] = r == 0 ? s : std::min(file_seconds[i], s);
    }
    mbps.push_back(static_cast<double>(bytes) / 1e6 / total);
  }
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    if (corpus[i].text.size() >= 256) {
      per_file.emplace_back(file_seconds[i] * 1e9 / static_cast<double>(corpus[i].text.size()),
                            corpus[i].name);
    }
  }
  std::sort(per_file.rbegin(), per_file.rend());

  const double med = median(mbps);
  std::printf("== full parse: whalesafe Dockerfile grammar ==\n");
  std::printf("corpus: %zu files, %zu bytes, %zu files with ERROR/MISSING nodes\n", corpus.size(),
              bytes, error_files);
  std::printf("throughput: median %.2f MB/s (min %.2f, max %.2f) over %d reps after %d warm-up\n",
              med, *std::min_element(mbps.begin(), mbps.end()),
              *std::max_element(mbps.begin(), mbps.end()), o.reps, o.warmup);
  std::printf("slowest files per byte (best of reps):\n");
  for (std::size_t i = 0; i < std::min<std::size_t>(5, per_file.size()); ++i) {
    std::printf("  %7.1f ns/B  %s\n", per_file[i].first, per_file[i].second.c_str());
  }
  std::printf("RESULT full_mbps %.4f\n", med);
  std::printf("RESULT full_files %zu\n", corpus.size());
  std::printf("RESULT full_bytes %zu\n", bytes);
  std::printf("RESULT full_error_files %zu\n", error_files);
}

// ---------------------------------------------------------------------------------------------
// Inputs for the incremental benchmark
// ---------------------------------------------------------------------------------------------

std::size_t count_lines(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

bool has_escape_directive(std::string_view text) {
  // Directives are leading comment lines; `# escape=` changes the meaning of the rest.
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    std::size_t end = text.find('\n', pos);
    std::string line(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    line.erase(
        std::remove_if(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; }),
        line.end());
    std::transform(line.begin(), line.end(), line.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (line.rfind("#escape=", 0) == 0) return true;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

// A realistic ~N-line Dockerfile: whole corpus files (shuffled with a fixed seed) that parse
// without errors and have no escape directive, concatenated until the line count is reached.
std::string make_dockerfile(const Options& o, const std::vector<CorpusFile>& corpus) {
  Parser p(tree_sitter_dockerfile());
  std::vector<std::size_t> order(corpus.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(o.seed);
  std::shuffle(order.begin(), order.end(), rng);

  std::string doc;
  for (std::size_t i : order) {
    const std::string& text = corpus[i].text;
    if (text.empty() || has_escape_directive(text) || p.has_error(text)) continue;
    doc += text;
    if (doc.back() != '\n') doc += '\n';
    if (count_lines(doc) >= static_cast<std::size_t>(o.dockerfile_lines)) break;
  }
  return doc;
}

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// A realistic ~N-byte shell script: the shell-form RUN commands of the corpus (shuffled with a
// fixed seed; line continuations kept, which are valid shell too), each kept only if
// tree-sitter-bash parses it without errors.
std::string make_shell_script(const Options& o, const std::vector<CorpusFile>& corpus) {
  Parser p(tree_sitter_bash());
  std::vector<std::size_t> order(corpus.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(o.seed + 1);
  std::shuffle(order.begin(), order.end(), rng);

  std::string script = "#!/bin/sh\nset -eu\n";
  for (std::size_t i : order) {
    const std::string& text = corpus[i].text;
    if (has_escape_directive(text)) continue;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      line = trim_right(line);
      std::size_t k = line.find_first_not_of(" \t");
      if (k == std::string::npos || line.size() < k + 4) continue;
      std::string keyword = line.substr(k, 4);
      std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (keyword != "RUN " && keyword != "RUN\t") continue;
      std::string command = line.substr(k + 4);
      while (!line.empty() && line.back() == '\\' && std::getline(in, line)) {
        line = trim_right(line);
        command += '\n';
        command += line;
      }
      // Drop leading blanks, line continuations and RUN flags (--mount=..., --network=...).
      for (;;) {
        const std::size_t start = command.find_first_not_of(" \t\n");
        command.erase(0, start == std::string::npos ? command.size() : start);
        if (command.rfind("\\\n", 0) == 0) {
          command.erase(0, 2);
        } else if (command.rfind("--", 0) == 0) {
          const std::size_t end = command.find_first_of(" \t\n");
          command.erase(0, end == std::string::npos ? command.size() : end);
        } else {
          break;
        }
      }
      if (command.empty() || command[0] == '[' || command.find("<<") != std::string::npos) continue;
      command += '\n';
      if (p.has_error(script + command)) continue;
      script += command;
      if (script.size() >= o.shell_bytes) return script;
    }
  }
  return script;
}

// ---------------------------------------------------------------------------------------------
// Incremental reparse
// ---------------------------------------------------------------------------------------------

TSPoint point_at(const std::string& text, std::size_t byte) {
  const auto row = static_cast<uint32_t>(
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
  const std::size_t newline = byte == 0 ? std::string::npos : text.rfind('\n', byte - 1);
  const std::size_t column = newline == std::string::npos ? byte : byte - newline - 1;
  return {row, static_cast<uint32_t>(column)};
}

// Positions where a character may be inserted: not inside a UTF-8 sequence, not between \r and \n.
std::vector<uint32_t> edit_positions(const std::string& text) {
  std::vector<uint32_t> positions;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (i > 0 && i < text.size() && text[i - 1] == '\r' && text[i] == '\n') continue;
    positions.push_back(static_cast<uint32_t>(i));
  }
  return positions;
}

struct Sample {
  double micros;
  uint32_t position;
};

struct EditStats {
  std::vector<Sample> samples;
  std::size_t verified = 0;
  std::size_t mismatches = 0;
  std::size_t error_trees = 0;
  std::size_t reparses = 0;
};

// One edit: insert `c` at `pos` (or delete the character there) in `text`; returns the TSInputEdit.
TSInputEdit edit_text(std::string& text, uint32_t pos, bool insert, char c) {
  TSInputEdit edit{};
  edit.start_byte = pos;
  edit.start_point = point_at(text, pos);
  if (insert) {
    text.insert(text.begin() + pos, c);
    edit.old_end_byte = pos;
    edit.old_end_point = edit.start_point;
    edit.new_end_byte = pos + 1;
    edit.new_end_point = {edit.start_point.row, edit.start_point.column + 1};
  } else {
    text.erase(text.begin() + pos);
    edit.old_end_byte = pos + 1;
    edit.old_end_point = {edit.start_point.row, edit.start_point.column + 1};
    edit.new_end_byte = pos;
    edit.new_end_point = edit.start_point;
  }
  return edit;
}

// The timed part of an edit: ts_tree_edit + reparse with the old tree. Not inlined, so that a
// profiler can be limited to it (valgrind --toggle-collect='*timed_reparse*').
[[gnu::noinline]] TSTree* timed_reparse(const Parser& p, TSTree* tree, const TSInputEdit& edit,
                                        const std::string& text) {
  ts_tree_edit(tree, &edit);
  return p.parse(text, tree);
}

// Edits `text` and reparses it with the old tree (which is deleted). Returns the new tree and the
// microseconds spent in ts_tree_edit + ts_parser_parse_string.
std::pair<TSTree*, double> apply_edit(const Parser& p, TSTree* tree, std::string& text,
                                      uint32_t pos, bool insert, char c) {
  const TSInputEdit edit = edit_text(text, pos, insert, c);
  const auto start = Clock::now();
  TSTree* next = timed_reparse(p, tree, edit, text);
  const double micros = seconds_since(start) * 1e6;
  ts_tree_delete(tree);
  return {next, micros};
}

constexpr std::string_view kInsertChars = "abcdefghijklmnopqrstuvwxyz0123456789 -_.";

EditStats run_edits(const Options& o, const TSLanguage* language, const std::string& doc) {
  Parser p(language);
  std::string text = doc;
  const std::vector<uint32_t> positions = edit_positions(doc);
  std::mt19937_64 rng(o.seed + 2);
  std::uniform_int_distribution<std::size_t> pick_pos(0, positions.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_char(0, kInsertChars.size() - 1);

  EditStats stats;
  TSTree* tree = p.parse(text);
  const int total = o.warmup_edits + o.edits;
  for (int e = 0; e < total; ++e) {
    const uint32_t pos = positions[pick_pos(rng)];
    const char c = kInsertChars[pick_char(rng)];
    for (bool insert : {true, false}) {
      auto [next, micros] = apply_edit(p, tree, text, pos, insert, c);
      tree = next;
      if (e < o.warmup_edits) continue;
      stats.samples.push_back({micros, pos});
      ++stats.reparses;
      if (ts_node_has_error(ts_tree_root_node(tree))) ++stats.error_trees;
      if (o.verify_every > 0 && stats.reparses % static_cast<std::size_t>(o.verify_every) == 0) {
        TSTree* fresh = p.parse(text);
        ++stats.verified;
        if (tree_string(fresh) != tree_string(tree)) ++stats.mismatches;
        ts_tree_delete(fresh);
      }
    }
  }
  ts_tree_delete(tree);
  if (text != doc) {
    std::fprintf(stderr, "parse_bench: internal error: edits did not restore the document\n");
    std::exit(3);
  }
  return stats;
}

// Depth of the deepest node (the root is at depth 1).
unsigned tree_depth(const TSTree* tree) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  unsigned depth = 1;
  unsigned max_depth = 1;
  for (;;) {
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      max_depth = std::max(max_depth, ++depth);
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return max_depth;
      }
      --depth;
    }
  }
}

void report_edits(const char* key, const char* title, const TSLanguage* language,
                  const std::string& doc, const EditStats& stats) {
  std::vector<double> micros;
  micros.reserve(stats.samples.size());
  for (const auto& s : stats.samples) micros.push_back(s.micros);
  std::sort(micros.begin(), micros.end());
  double sum = 0;
  for (double m : micros) sum += m;

  std::printf("== incremental reparse: %s ==\n", title);
  double fresh_micros = 0;
  {
    Parser p(language);
    TSTree* tree = p.parse(doc);
    std::printf("document: %zu lines, %zu bytes, tree depth %u (visible nodes)%s\n",
                count_lines(doc), doc.size(), tree_depth(tree),
                ts_node_has_error(ts_tree_root_node(tree)) ? ", HAS ERRORS" : "");
    ts_tree_delete(tree);
    std::vector<double> fresh;
    for (int i = 0; i < 31; ++i) {
      const auto start = Clock::now();
      TSTree* t = p.parse(doc);
      fresh.push_back(seconds_since(start) * 1e6);
      ts_tree_delete(t);
    }
    fresh_micros = median(fresh);
  }
  std::printf("samples: %zu reparses (one-character insert, then its delete)\n", micros.size());
  std::printf("latency (us): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  mean %.1f\n",
              percentile(micros, 50), percentile(micros, 90), percentile(micros, 99), micros.back(),
              sum / static_cast<double>(micros.size()));
  std::printf("fresh parse of the whole document (no old tree): median %.1f us\n", fresh_micros);
  std::printf("trees with ERROR/MISSING after an edit: %zu of %zu\n", stats.error_trees,
              stats.reparses);
  std::printf("incremental tree == fresh parse: %zu of %zu checked%s\n",
              stats.verified - stats.mismatches, stats.verified,
              stats.mismatches ? "  <-- MISMATCHES" : "");

  // Latency by where the edit is: shows whether reparse cost grows with the text before or after.
  constexpr int kBuckets = 5;
  std::vector<std::vector<double>> buckets(kBuckets);
  for (const auto& s : stats.samples) {
    const auto b = std::min<std::size_t>(
        kBuckets - 1, static_cast<std::size_t>(s.position) * kBuckets / (doc.size() + 1));
    buckets[b].push_back(s.micros);
  }
  std::printf("p50 by edit position (fifths of the document):");
  for (auto& b : buckets) std::printf(" %.1f", b.empty() ? 0.0 : median(b));
  std::printf("\n");

  std::printf("RESULT %s_p50_us %.3f\n", key, percentile(micros, 50));
  std::printf("RESULT %s_p99_us %.3f\n", key, percentile(micros, 99));
  std::printf("RESULT %s_lines %zu\n", key, count_lines(doc));
  std::printf("RESULT %s_bytes %zu\n", key, doc.size());
  std::printf("RESULT %s_samples %zu\n", key, micros.size());
  std::printf("RESULT %s_mismatches %zu\n", key, stats.mismatches);
  std::printf("RESULT %s_fresh_us %.3f\n", key, fresh_micros);
}

// ---------------------------------------------------------------------------------------------
// Tree navigation: the cost of the tree's shape for consumers (node API vs cursor)
// ---------------------------------------------------------------------------------------------

void report_navigation(const char* key, const char* title, const TSLanguage* language,
                       const std::string& doc) {
  Parser p(language);
  TSTree* tree = p.parse(doc);
  const TSNode root = ts_tree_root_node(tree);
  const uint32_t n = ts_node_named_child_count(root);
  uint64_t sink = 0;

  auto time_us = [](auto&& fn, int reps) {
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
      const auto start = Clock::now();
      fn();
      t.push_back(seconds_since(start) * 1e6);
    }
    return median(t);
  };
  const double cursor_us = time_us(
      [&] {
        TSTreeCursor cursor = ts_tree_cursor_new(root);
        if (ts_tree_cursor_goto_first_child(&cursor)) {
          do {
            sink += ts_node_start_byte(ts_tree_cursor_current_node(&cursor));
          } while (ts_tree_cursor_goto_next_sibling(&cursor));
        }
        ts_tree_cursor_delete(&cursor);
      },
      21);
  const double sibling_us = time_us(
      [&] {
        for (TSNode c = ts_node_named_child(root, 0); !ts_node_is_null(c);
             c = ts_node_next_named_sibling(c)) {
          sink += ts_node_start_byte(c);
        }
      },
      5);
  const double index_us = time_us(
      [&] {
        for (uint32_t i = 0; i < n; ++i) sink += ts_node_start_byte(ts_node_named_child(root, i));
      },
      5);
  const TSNode last = ts_node_named_child(root, n - 1);
  const double parent_us = time_us(
                               [&] {
                                 for (int i = 0; i < 100; ++i)
                                   sink += ts_node_start_byte(ts_node_parent(last));
                               },
                               5) /
                           100;
  ts_tree_delete(tree);

  std::printf("== tree navigation: %s (%u top-level named nodes) ==\n", title, n);
  std::printf(
      "all top-level nodes: TSTreeCursor %.1f us, ts_node_next_named_sibling %.1f us, "
      "ts_node_named_child(root, i) %.1f us\n",
      cursor_us, sibling_us, index_us);
  std::printf("ts_node_parent(last top-level node): %.2f us%s\n", parent_us, sink == 42 ? " " : "");
  std::printf("RESULT %s_nav_children %u\n", key, n);
  std::printf("RESULT %s_nav_cursor_us %.3f\n", key, cursor_us);
  std::printf("RESULT %s_nav_sibling_us %.3f\n", key, sibling_us);
  std::printf("RESULT %s_nav_index_us %.3f\n", key, index_us);
  std::printf("RESULT %s_nav_parent_us %.3f\n", key, parent_us);
}

// ---------------------------------------------------------------------------------------------
// Profile: parser events per reparse, counted with a logger (untimed)
// ---------------------------------------------------------------------------------------------

struct EventCounts {
  std::map<std::string, std::size_t> events;       // by message name
  std::map<std::string, std::size_t> reused;       // reuse_node by symbol
  std::map<std::string, std::size_t> not_reused;   // cant_reuse_node* by reason and symbol
  std::map<std::string, std::size_t> descended;    // state_mismatch by symbol
  std::map<std::string, std::size_t> state_skips;  // skipped: external scanner state differs
  std::size_t lexed = 0;                           // tokens lexed in the current reparse
};

std::string field_after(std::string_view msg, std::string_view key) {
  const std::size_t k = msg.find(key);
  if (k == std::string_view::npos) return "?";
  std::size_t start = k + key.size();
  std::size_t end = msg.find_first_of(", ", start);
  return std::string(msg.substr(start, end == std::string_view::npos ? end : end - start));
}

void count_event(void* payload, TSLogType type, const char* message) {
  auto* counts = static_cast<EventCounts*>(payload);
  const std::string_view msg(message);
  std::string name(msg.substr(0, msg.find_first_of(" :")));
  if (type == TSLogTypeLex) name = "lex:" + name;
  ++counts->events[name];
  if (name == "reuse_node") {
    ++counts->reused[field_after(msg, "symbol:")];
  } else if (name == "lexed_lookahead") {
    ++counts->lexed;
  } else if (name == "reusable_node_has_different_external_scanner_state") {
    ++counts->state_skips[field_after(msg, "symbol:")];
  } else if (name.rfind("cant_reuse_node", 0) == 0) {
    const std::string sym = msg.find("tree:") != std::string_view::npos
                                ? field_after(msg, "tree:")
                                : field_after(msg, "symbol:");
    ++counts->not_reused[name + " " + sym];
  } else if (name == "state_mismatch") {
    ++counts->descended[field_after(msg, "sym:")];
  }
}

void print_counts(const char* title, const std::map<std::string, std::size_t>& m, double per,
                  std::size_t limit) {
  std::vector<std::pair<std::size_t, std::string>> sorted;
  for (const auto& [k, v] : m) sorted.emplace_back(v, k);
  std::sort(sorted.rbegin(), sorted.rend());
  std::printf("  %s\n", title);
  for (std::size_t i = 0; i < std::min(limit, sorted.size()); ++i) {
    std::printf("    %10.3f  %s\n", static_cast<double>(sorted[i].first) / per,
                sorted[i].second.c_str());
  }
}

void profile_edits(const Options& o, const char* title, const TSLanguage* language,
                   const std::string& doc) {
  Parser p(language);
  EventCounts counts;
  std::string text = doc;
  const std::vector<uint32_t> positions = edit_positions(doc);
  std::mt19937_64 rng(o.seed + 3);
  std::uniform_int_distribution<std::size_t> pick_pos(0, positions.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_char(0, kInsertChars.size() - 1);

  TSTree* tree = p.parse(text);
  ts_parser_set_logger(p.parser, TSLogger{&counts, count_event});
  std::size_t changed_ranges = 0;
  std::vector<double> lexed_per_reparse;
  for (int e = 0; e < o.profile_edits; ++e) {
    const uint32_t pos = positions[pick_pos(rng)];
    const char c = kInsertChars[pick_char(rng)];
    for (bool insert : {true, false}) {
      const TSInputEdit edit = edit_text(text, pos, insert, c);
      ts_tree_edit(tree, &edit);
      counts.lexed = 0;
      TSTree* next = p.parse(text, tree);
      lexed_per_reparse.push_back(static_cast<double>(counts.lexed));
      uint32_t n = 0;
      std::free(ts_tree_get_changed_ranges(tree, next, &n));
      changed_ranges += n;
      ts_tree_delete(tree);
      tree = next;
    }
  }
  ts_parser_set_logger(p.parser, TSLogger{nullptr, nullptr});
  ts_tree_delete(tree);

  const double per = 2.0 * o.profile_edits;
  std::printf("== profile: %s, parser events per reparse (mean of %.0f reparses) ==\n", title, per);
  print_counts("events", counts.events, per, 30);
  print_counts("reuse_node by symbol", counts.reused, per, 12);
  print_counts("not reused, by reason and symbol", counts.not_reused, per, 20);
  print_counts("state_mismatch (descended into) by symbol", counts.descended, per, 12);
  print_counts("skipped whole (external scanner state differs) by symbol", counts.state_skips, per,
               12);
  std::printf("  changed ranges per reparse: %.2f\n", static_cast<double>(changed_ranges) / per);
  std::sort(lexed_per_reparse.begin(), lexed_per_reparse.end());
  std::size_t tokens = 0;
  {
    TSTree* t = p.parse(doc);
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(t));
    for (bool more = true; more;) {
      if (ts_tree_cursor_goto_first_child(&cursor)) continue;
      ++tokens;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          more = false;
          break;
        }
      }
    }
    ts_tree_cursor_delete(&cursor);
    ts_tree_delete(t);
  }
  std::printf(
      "  tokens lexed per reparse (document has %zu leaves): p50 %.0f  p90 %.0f  p99 %.0f  "
      "max %.0f\n",
      tokens, percentile(lexed_per_reparse, 50), percentile(lexed_per_reparse, 90),
      percentile(lexed_per_reparse, 99), lexed_per_reparse.back());
}

void write_doc(const std::string& dir, const char* name, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream out(fs::path(dir) / name, std::ios::binary);
  out << text;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const fs::path corpus_dir(o.corpus);
  if (!fs::exists(corpus_dir / "MANIFEST.tsv")) {
    std::fprintf(stderr, "parse_bench: no MANIFEST.tsv in %s (use --corpus DIR)\n",
                 corpus_dir.c_str());
    return 1;
  }
  const std::vector<CorpusFile> corpus = load_corpus(corpus_dir, "parse_bench");
  std::printf("RESULT tree_sitter_abi %u\n", TREE_SITTER_LANGUAGE_VERSION);

  if (o.run_full) bench_full(o, corpus);

  if (o.run_incremental || o.profile) {
    const std::string dockerfile =
        o.dockerfile_path.empty() ? make_dockerfile(o, corpus)
                                  : whalesafe::bench::read_file(o.dockerfile_path, "parse_bench");
    const std::string script = o.script_path.empty()
                                   ? make_shell_script(o, corpus)
                                   : whalesafe::bench::read_file(o.script_path, "parse_bench");
    if (!o.write_docs.empty()) {
      write_doc(o.write_docs, "incremental.Dockerfile", dockerfile);
      write_doc(o.write_docs, "incremental.sh", script);
    }
    if (o.run_incremental) {
      if (o.dockerfile)
        report_edits("incr_dockerfile", "whalesafe Dockerfile grammar", tree_sitter_dockerfile(),
                     dockerfile, run_edits(o, tree_sitter_dockerfile(), dockerfile));
      if (o.bash)
        report_edits("incr_bash", "tree-sitter-bash " TS_BASH_VERSION, tree_sitter_bash(), script,
                     run_edits(o, tree_sitter_bash(), script));
    }
    if (o.dockerfile) {
      report_navigation("incr_dockerfile", "whalesafe Dockerfile grammar", tree_sitter_dockerfile(),
                        dockerfile);
    }
    if (o.bash) {
      report_navigation("incr_bash", "tree-sitter-bash " TS_BASH_VERSION, tree_sitter_bash(),
                        script);
    }
    if (o.profile) {
      if (o.dockerfile)
        profile_edits(o, "whalesafe Dockerfile grammar", tree_sitter_dockerfile(), dockerfile);
      if (o.bash) profile_edits(o, "tree-sitter-bash " TS_BASH_VERSION, tree_sitter_bash(), script);
    }
  }
  return 0;
}
