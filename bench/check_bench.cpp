// check_bench: benchmarks of `whalesafe check`'s analysis, in process (see docs/performance.md).
//
//   throughput    every file of the shared corpus (MANIFEST.tsv) read into memory, then per file:
//                 parse (syntax::Document) + check_document with every rule (RuleSelection::all()
//                 except `shellcheck`, which runs an external program) and the shell layer forced
//                 (every RUN/CMD/... body parsed with tree-sitter-bash), with one shell parse
//                 cache per pass shared by all files (new for each pass, so each distinct text
//                 is parsed once per pass), as the CLI shares one per run (--per-file-cache: a
//                 cache per file instead). One thread (warmed, median of passes), then one
//                 thread per core taking files from a shared counter (wall time per pass).
//   incremental   a ~1,000-line Dockerfile made of corpus files (the same one parse_bench uses);
//                 one-character edits at random places (insert, then delete): Document::edit
//                 (incremental reparse) + check_document (model, shells, all rules) with one shell
//                 parse cache kept across edits, as an editor would. p50/p90/p99 per edit. Then
//                 fresh analyses of the same document, for comparison (--no-fresh: none, so
//                 that callgrind counts the edits alone).
//   breakdown     on that document with a warm shell cache: the median time of each piece of an
//                 analysis (RuleContext, syntax diagnostics, model, shells, each rule, the
//                 suppressions), to show where re-analysis time goes.
//
// Results go to stdout; lines starting with "RESULT " are read by bench/run.sh. Never run by ctest.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "rules/registry.h"
#include "rules/rule_context.h"
#include "rules/runner.h"
#include "rules/suppressions.h"
#include "shell/parse_cache.h"
#include "shell/shell_source.h"
#include "syntax/document.h"
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
using whalesafe::rules::RuleSelection;
using whalesafe::rules::RuleSettings;
using whalesafe::syntax::Document;

std::atomic<uint64_t> g_sink{0};  // keeps measured results observable

struct Options {
  std::string corpus = std::string(WHALESAFE_SHARED_DIR) + "/corpus";
  int warmup = 2;    // untimed passes over the corpus
  int reps = 7;      // timed passes
  int edits = 1000;  // timed one-character edits (two analyses each)
  int warmup_edits = 50;
  int dockerfile_lines = 1000;
  std::string dockerfile;         // --dockerfile: the re-analysis and breakdown document
  unsigned threads = 0;           // 0: one per core
  std::uint64_t seed = 20240229;  // parse_bench's: the same incremental document
  bool run_throughput = true;
  bool run_incremental = true;
  bool run_breakdown = true;
  bool with_shellcheck = false;  // also run the shellcheck rule (spawns the binary)
  bool shared_cache = true;      // one shell parse cache for all files of a pass (as the CLI)
  // incremental: also time fresh analyses of the document (--no-fresh leaves them out, so that
  // a callgrind count of the run is the edits' alone)
  bool fresh = true;
};

[[noreturn]] void usage(int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "usage: check_bench [--corpus DIR] [--reps N] [--warmup N] [--edits N]\n"
               "                   [--warmup-edits N] [--lines N] [--threads N] [--seed N]\n"
               "                   [--only throughput|incremental|breakdown] [--with-shellcheck]\n"
               "                   [--per-file-cache] [--no-fresh] [--dockerfile FILE]\n"
               "                   [--quick]\n");
  std::exit(status);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(2);
      return argv[++i];
    };
    auto number = [&]() { return std::atoll(value()); };
    if (arg == "--corpus") {
      o.corpus = value();
    } else if (arg == "--reps") {
      o.reps = static_cast<int>(number());
    } else if (arg == "--warmup") {
      o.warmup = static_cast<int>(number());
    } else if (arg == "--edits") {
      o.edits = static_cast<int>(number());
    } else if (arg == "--warmup-edits") {
      o.warmup_edits = static_cast<int>(number());
    } else if (arg == "--lines") {
      o.dockerfile_lines = static_cast<int>(number());
    } else if (arg == "--threads") {
      o.threads = static_cast<unsigned>(number());
    } else if (arg == "--seed") {
      o.seed = static_cast<std::uint64_t>(number());
    } else if (arg == "--only") {
      const std::string_view which = value();
      o.run_throughput = which == "throughput";
      o.run_incremental = which == "incremental";
      o.run_breakdown = which == "breakdown";
      if (!o.run_throughput && !o.run_incremental && !o.run_breakdown) usage(2);
    } else if (arg == "--dockerfile") {
      o.dockerfile = value();
    } else if (arg == "--per-file-cache") {
      o.shared_cache = false;
    } else if (arg == "--no-fresh") {
      o.fresh = false;
    } else if (arg == "--with-shellcheck") {
      o.with_shellcheck = true;
    } else if (arg == "--quick") {
      o.warmup = 1;
      o.reps = 3;
      o.edits = 300;
      o.warmup_edits = 30;
    } else if (arg == "--help" || arg == "-h") {
      usage(0);
    } else {
      usage(2);
    }
  }
  if (o.reps < 1 || o.warmup < 0 || o.edits < 1 || o.warmup_edits < 0) usage(2);
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  return o;
}

// A rule of the benchmark's own: asks the context for every derived fact (semantic model, shell
// of every instruction, syntax diagnostics), so they are computed even if no selected rule
// happens to need them today. Rules that do need them share the same computation.
void force_everything(const whalesafe::rules::RuleContext& context,
                      whalesafe::rules::Reporter& /*reporter*/) {
  std::size_t n = context.model().instructions.size();
  for (const auto& shell : context.shells()) n += shell.script.commands.size();
  n += context.syntax_diagnostics().size();
  g_sink.fetch_add(n, std::memory_order_relaxed);
}

const whalesafe::rules::Rule& bench_rule() {
  static const whalesafe::rules::Rule rule{
      {.slug = "bench-force-analysis", .summary = "check_bench: computes every derived fact"},
      &force_everything};
  return rule;
}

RuleSelection bench_selection(bool with_shellcheck) {
  RuleSelection selection = RuleSelection::all();
  std::erase_if(selection.rules, [&](const whalesafe::rules::EnabledRule& e) {
    return !with_shellcheck && e.rule->info.slug == "shellcheck";
  });
  selection.rules.push_back({&bench_rule(), whalesafe::rules::Severity::kInfo});
  return selection;
}

// `shared` (optional): one shell parse cache for every file of a pass (see --per-file-cache).
std::size_t analyse(const std::string& text, const RuleSelection& selection,
                    const RuleSettings& settings, whalesafe::shell::ParseCache* shared = nullptr) {
  const Document doc(text);
  return whalesafe::rules::check_document(doc, selection, settings, shared).size();
}

// The floor of this design: only the two parsers, no analysis. Every file parsed into a
// Document, then every shell text of it (as the shell layer extracts them) parsed with
// tree-sitter-bash (each distinct text once per file, as the per-document cache does).
std::size_t parse_only(const std::string& text, TSParser* bash) {
  const Document doc(text);
  std::size_t nodes = 0;
  std::vector<std::string> seen;
  for (const whalesafe::shell::ShellSource& source : whalesafe::shell::extract_shell_sources(doc)) {
    if (std::find(seen.begin(), seen.end(), source.text) != seen.end()) continue;
    seen.push_back(source.text);
    TSTree* tree = ts_parser_parse_string(bash, nullptr, source.text.data(),
                                          static_cast<uint32_t>(source.text.size()));
    nodes += ts_node_child_count(ts_tree_root_node(tree));
    ts_tree_delete(tree);
  }
  return nodes;
}

void bench_throughput(const Options& o, const std::vector<CorpusFile>& corpus) {
  const RuleSelection selection = bench_selection(o.with_shellcheck);
  const RuleSettings settings;
  std::size_t bytes = 0;
  for (const CorpusFile& f : corpus) bytes += f.text.size();

  // One thread.
  // One cache per pass, as large as the CLI's (new for each pass, so every text is parsed once
  // per pass); --per-file-cache: none shared, each document its own.
  std::unique_ptr<whalesafe::shell::ParseCache> shared;
  whalesafe::shell::ParseCache::Stats shared_stats;
  auto one_pass = [&]() {
    if (o.shared_cache) {
      shared =
          std::make_unique<whalesafe::shell::ParseCache>(whalesafe::shell::kSharedCacheEntries);
    }
    const Clock::time_point start = Clock::now();
    std::size_t findings = 0;
    for (const CorpusFile& f : corpus)
      findings += analyse(f.text, selection, settings, shared.get());
    if (shared) shared_stats = shared->stats();
    g_sink.fetch_add(findings, std::memory_order_relaxed);
    return seconds_since(start);
  };
  for (int i = 0; i < o.warmup; ++i) one_pass();
  std::vector<double> single;
  for (int i = 0; i < o.reps; ++i) single.push_back(one_pass());

  // The parsers alone, one thread.
  TSParser* bash = ts_parser_new();
  ts_parser_set_language(bash, tree_sitter_bash());
  auto parse_pass = [&]() {
    const Clock::time_point start = Clock::now();
    std::size_t nodes = 0;
    for (const CorpusFile& f : corpus) nodes += parse_only(f.text, bash);
    g_sink.fetch_add(nodes, std::memory_order_relaxed);
    return seconds_since(start);
  };
  for (int i = 0; i < o.warmup; ++i) parse_pass();
  std::vector<double> parsers;
  for (int i = 0; i < o.reps; ++i) parsers.push_back(parse_pass());
  ts_parser_delete(bash);

  // One thread per core, taking files from a shared counter (as the CLI's pool does).
  auto parallel_pass = [&]() {
    if (o.shared_cache) {
      shared =
          std::make_unique<whalesafe::shell::ParseCache>(whalesafe::shell::kSharedCacheEntries);
    }
    std::atomic<std::size_t> next{0};
    const Clock::time_point start = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < o.threads; ++t) {
      pool.emplace_back([&]() {
        std::size_t findings = 0;
        for (std::size_t i = next++; i < corpus.size(); i = next++) {
          findings += analyse(corpus[i].text, selection, settings, shared.get());
        }
        g_sink.fetch_add(findings, std::memory_order_relaxed);
      });
    }
    for (std::thread& t : pool) t.join();
    return seconds_since(start);
  };
  for (int i = 0; i < o.warmup; ++i) parallel_pass();
  std::vector<double> parallel;
  for (int i = 0; i < o.reps; ++i) parallel.push_back(parallel_pass());

  const double s1 = median(single);
  const double sn = median(parallel);
  const double files = static_cast<double>(corpus.size());
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("== check throughput: %zu files, %zu bytes, %zu rules + forced model/shells%s ==\n",
              corpus.size(), bytes, selection.rules.size() - 1,
              o.with_shellcheck ? " (shellcheck included)" : " (shellcheck excluded)");
  std::printf("one thread:  median %.3f s/pass: %.1f files/s, %.2f MB/s (min %.3f, max %.3f s)\n",
              s1, files / s1, mb / s1, *std::min_element(single.begin(), single.end()),
              *std::max_element(single.begin(), single.end()));
  if (o.shared_cache) {
    std::printf("shared shell cache, one pass: %llu parses, %llu hits\n",
                static_cast<unsigned long long>(shared_stats.misses),
                static_cast<unsigned long long>(shared_stats.hits));
  }
  std::printf("parsers only (Dockerfile + tree-sitter-bash), one thread: %.2f MB/s\n",
              mb / median(parsers));
  std::printf("%u threads:  median %.3f s/pass: %.1f files/s, %.2f MB/s\n", o.threads, sn,
              files / sn, mb / sn);
  std::printf("RESULT check_files %zu\nRESULT check_bytes %zu\nRESULT check_rules %zu\n",
              corpus.size(), bytes, selection.rules.size() - 1);
  std::printf("RESULT check_threads %u\n", o.threads);
  std::printf("RESULT check_1_files_per_s %.2f\nRESULT check_1_mbps %.4f\n", files / s1, mb / s1);
  std::printf("RESULT parsers_only_mbps %.4f\n", mb / median(parsers));
  std::printf("RESULT check_n_files_per_s %.2f\nRESULT check_n_mbps %.4f\n", files / sn, mb / sn);
}

std::size_t count_lines(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

bool has_escape_directive(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    std::size_t end = text.find('\n', pos);
    std::string line(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    std::erase_if(line, [](char c) { return c == ' ' || c == '\t'; });
    std::transform(line.begin(), line.end(), line.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (line.rfind("#escape=", 0) == 0) return true;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

// parse_bench's incremental document: whole corpus files (shuffled with the same seed) that
// parse without errors and have no escape directive, until the line count is reached.
// With --dockerfile, that file instead (the language server benchmark's 3,000 lines, say).
std::string make_dockerfile(const Options& o, const std::vector<CorpusFile>& corpus) {
  if (!o.dockerfile.empty()) {
    std::ifstream in(o.dockerfile, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "check_bench: cannot read %s\n", o.dockerfile.c_str());
      std::exit(2);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::vector<std::size_t> order(corpus.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(o.seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::string doc;
  for (std::size_t i : order) {
    const std::string& text = corpus[i].text;
    if (text.empty() || has_escape_directive(text)) continue;
    if (ts_node_has_error(Document(text).root())) continue;
    doc += text;
    if (doc.back() != '\n') doc += '\n';
    if (count_lines(doc) >= static_cast<std::size_t>(o.dockerfile_lines)) break;
  }
  return doc;
}

// Positions where a character may be inserted: not inside a UTF-8 sequence, not inside \r\n.
std::vector<uint32_t> edit_positions(const std::string& text) {
  std::vector<uint32_t> positions;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (i > 0 && i < text.size() && text[i - 1] == '\r' && text[i] == '\n') continue;
    positions.push_back(static_cast<uint32_t>(i));
  }
  return positions;
}

struct Timed {
  double total_us;     // edit (incremental parse) + check
  double parse_us;     // Document::edit alone
  bool shell_reparse;  // the edit changed a shell text: tree-sitter-bash parsed it anew
};

void bench_incremental(const Options& o, const std::vector<CorpusFile>& corpus) {
  const RuleSelection selection = bench_selection(false);
  const RuleSettings settings;
  const std::string text = make_dockerfile(o, corpus);
  const std::vector<uint32_t> positions = edit_positions(text);
  whalesafe::shell::ParseCache cache(4096);
  // What the language server keeps between analyses (DocumentAnalyzer): the shell parses and
  // the instruction-scoped rules' findings, the analysed shells, the syntax diagnostics.
  whalesafe::rules::InstructionMemo memo;
  whalesafe::shell::ShellMemo shell_memo;
  whalesafe::syntax::SyntaxMemo syntax_memo;
  const whalesafe::rules::Reuse reuse{
      .shell_cache = &cache, .memo = &memo, .shell_memo = &shell_memo, .syntax_memo = &syntax_memo};
  Document doc(text);

  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789 -_.";
  std::mt19937_64 rng(o.seed + 1);
  std::uniform_int_distribution<std::size_t> pick(0, positions.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_char(0, kAlphabet.size() - 1);

  auto timed_edit = [&](uint32_t pos, uint32_t old_end, std::string_view insert) {
    const uint64_t misses = cache.stats().misses;
    const Clock::time_point start = Clock::now();
    doc.edit(pos, old_end, insert);
    const double parse = seconds_since(start);
    const std::size_t n = whalesafe::rules::check_document(doc, selection, settings, reuse).size();
    const double total = seconds_since(start);
    g_sink.fetch_add(n, std::memory_order_relaxed);
    return Timed{total * 1e6, parse * 1e6, cache.stats().misses != misses};
  };

  // Warm: every shell body of the document parsed once, every instruction's findings kept.
  g_sink.fetch_add(whalesafe::rules::check_document(doc, selection, settings, reuse).size());
  std::vector<Timed> samples;
  for (int i = 0; i < o.warmup_edits + o.edits; ++i) {
    const uint32_t pos = positions[pick(rng)];
    const char c = kAlphabet[pick_char(rng)];
    const Timed a = timed_edit(pos, pos, std::string_view(&c, 1));
    const Timed b = timed_edit(pos, pos + 1, "");
    if (i >= o.warmup_edits) {
      samples.push_back(a);
      samples.push_back(b);
    }
  }
  if (doc.text() != text) {
    std::fprintf(stderr, "check_bench: the edits did not restore the document\n");
    std::exit(1);
  }

  std::vector<double> total;
  std::vector<double> parse;
  std::vector<double> with_shell;     // edits that changed a shell text
  std::vector<double> without_shell;  // the others
  for (const Timed& t : samples) {
    total.push_back(t.total_us);
    parse.push_back(t.parse_us);
    (t.shell_reparse ? with_shell : without_shell).push_back(t.total_us);
  }
  std::sort(total.begin(), total.end());
  std::sort(parse.begin(), parse.end());
  std::sort(with_shell.begin(), with_shell.end());
  std::sort(without_shell.begin(), without_shell.end());

  // A fresh analysis of the same document, for comparison (cold shell cache each time).
  std::vector<double> fresh;
  for (int i = 0; i < (o.fresh ? 11 : 0); ++i) {
    const Clock::time_point start = Clock::now();
    g_sink.fetch_add(analyse(text, selection, settings));
    fresh.push_back(seconds_since(start) * 1e6);
  }
  const auto stats = cache.stats();
  std::printf("== re-analysis after a one-character edit: %zu lines, %zu bytes, %zu samples ==\n",
              count_lines(text), text.size(), samples.size());
  std::printf("edit + check, us: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f\n", percentile(total, 50),
              percentile(total, 90), percentile(total, 99), total.back());
  std::printf("of which Document::edit (incremental parse), us: p50 %.1f, p99 %.1f\n",
              percentile(parse, 50), percentile(parse, 99));
  std::printf("edits that changed a shell text (%zu), us: p50 %.1f, p99 %.1f\n", with_shell.size(),
              percentile(with_shell, 50), percentile(with_shell, 99));
  std::printf("other edits (%zu), us: p50 %.1f, p99 %.1f\n", without_shell.size(),
              percentile(without_shell, 50), percentile(without_shell, 99));
  if (!fresh.empty()) {
    std::printf("fresh analysis of the same document (cold shell cache), us: median %.1f\n",
                median(fresh));
  }
  std::printf("shell cache: %llu hits, %llu misses\n", static_cast<unsigned long long>(stats.hits),
              static_cast<unsigned long long>(stats.misses));
  std::printf("shell memo: %llu instructions reused, %llu analysed\n",
              static_cast<unsigned long long>(shell_memo.stats().reused),
              static_cast<unsigned long long>(shell_memo.stats().analysed));
  const whalesafe::rules::MemoStats memo_stats = memo.stats();
  std::printf("instruction memo: %llu instructions reused, %llu analysed\n",
              static_cast<unsigned long long>(memo_stats.hits),
              static_cast<unsigned long long>(memo_stats.misses));
  std::printf("RESULT reanalysis_lines %zu\n", count_lines(text));
  std::printf("RESULT reanalysis_p50_us %.2f\nRESULT reanalysis_p90_us %.2f\n",
              percentile(total, 50), percentile(total, 90));
  std::printf("RESULT reanalysis_p99_us %.2f\n", percentile(total, 99));
  std::printf("RESULT reanalysis_parse_p50_us %.2f\nRESULT reanalysis_parse_p99_us %.2f\n",
              percentile(parse, 50), percentile(parse, 99));
  if (!fresh.empty()) std::printf("RESULT reanalysis_fresh_us %.2f\n", median(fresh));
  std::printf(
      "RESULT reanalysis_shell_edit_p50_us %.2f\nRESULT reanalysis_other_edit_p50_us %.2f\n",
      percentile(with_shell, 50), percentile(without_shell, 50));
}

// Median microseconds of `f` over `reps` calls.
template <typename F>
double median_us(int reps, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const Clock::time_point start = Clock::now();
    f();
    t.push_back(seconds_since(start) * 1e6);
  }
  return median(t);
}

void bench_breakdown(const Options& o, const std::vector<CorpusFile>& corpus) {
  using whalesafe::rules::RuleContext;
  const RuleSelection selection = bench_selection(false);
  const RuleSettings settings;
  const Document doc(make_dockerfile(o, corpus));
  whalesafe::shell::ParseCache cache(4096);
  g_sink.fetch_add(whalesafe::rules::check_document(doc, selection, settings, &cache).size());
  const int reps = 21;
  struct Piece {
    std::string name;
    double us;
  };
  std::vector<Piece> pieces;
  pieces.push_back(
      {"whole check_document", median_us(reps, [&] {
         g_sink.fetch_add(
             whalesafe::rules::check_document(doc, selection, settings, &cache).size());
       })});
  pieces.push_back({"RuleContext (stages, directives)",
                    median_us(reps, [&] { RuleContext ctx(doc, settings, &cache); })});
  pieces.push_back({"syntax_diagnostics()", median_us(reps, [&] {
                      RuleContext ctx(doc, settings, &cache);
                      g_sink.fetch_add(ctx.syntax_diagnostics().size());
                    })});
  pieces.push_back({"model()", median_us(reps, [&] {
                      RuleContext ctx(doc, settings, &cache);
                      g_sink.fetch_add(ctx.model().instructions.size());
                    })});
  pieces.push_back({"shells() (warm cache)", median_us(reps, [&] {
                      RuleContext ctx(doc, settings, &cache);
                      g_sink.fetch_add(ctx.shells().size());
                    })});
  pieces.push_back({"find_suppressions", median_us(reps, [&] {
                      RuleContext ctx(doc, settings, &cache);
                      g_sink.fetch_add(whalesafe::rules::find_suppressions(ctx).size());
                    })});
  // Each rule alone, on a context whose derived facts are already computed.
  RuleContext ctx(doc, settings, &cache);
  g_sink.fetch_add(ctx.syntax_diagnostics().size() + ctx.model().instructions.size() +
                   ctx.shells().size());
  double rules_total = 0;
  std::vector<Piece> rules;
  for (const auto& e : selection.rules) {
    if (e.rule->check == nullptr || e.rule == &bench_rule()) continue;
    const double us = median_us(reps, [&] {
      std::vector<whalesafe::findings::Diagnostic> out;
      whalesafe::rules::Reporter reporter(*e.rule, e.severity, out);
      e.rule->check(ctx, reporter);
      g_sink.fetch_add(out.size());
    });
    rules_total += us;
    rules.push_back({std::string(e.rule->info.slug), us});
  }
  std::sort(rules.begin(), rules.end(), [](const Piece& a, const Piece& b) { return a.us > b.us; });
  // Each rule on a fresh context whose syntax diagnostics, model and shells are computed but
  // whose shared facts (RuleContext::shared_fact) are not: the rule pays for the facts it
  // computes first, which the figures above leave out.
  std::vector<Piece> first_runs;
  for (const auto& e : selection.rules) {
    if (e.rule->check == nullptr || e.rule == &bench_rule()) continue;
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) {
      RuleContext fresh(doc, settings, &cache);
      g_sink.fetch_add(fresh.syntax_diagnostics().size() + fresh.model().instructions.size() +
                       fresh.shells().size());
      const Clock::time_point start = Clock::now();
      std::vector<whalesafe::findings::Diagnostic> out;
      whalesafe::rules::Reporter reporter(*e.rule, e.severity, out);
      e.rule->check(fresh, reporter);
      t.push_back(seconds_since(start) * 1e6);
      g_sink.fetch_add(out.size());
    }
    first_runs.push_back({std::string(e.rule->info.slug), median(t)});
  }
  std::sort(first_runs.begin(), first_runs.end(),
            [](const Piece& a, const Piece& b) { return a.us > b.us; });
  std::printf("== breakdown of one analysis: %u lines, warm shell cache, median of %d ==\n",
              doc.line_count(), reps);
  for (const Piece& p : pieces) std::printf("%-40s %10.1f us\n", p.name.c_str(), p.us);
  std::printf("%-40s %10.1f us\n", "all rules' checks (facts computed)", rules_total);
  for (std::size_t i = 0; i < rules.size() && i < 5; ++i) {
    std::printf("  %-38s %10.1f us\n", rules[i].name.c_str(), rules[i].us);
  }
  std::printf("%-40s\n", "slowest rules on a fresh context (their facts included)");
  for (std::size_t i = 0; i < first_runs.size() && i < 5; ++i) {
    std::printf("  %-38s %10.1f us\n", first_runs[i].name.c_str(), first_runs[i].us);
  }
  const char* keys[] = {"whole", "context", "syntax_diagnostics",
                        "model", "shells",  "suppressions"};
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::printf("RESULT breakdown_%s_us %.1f\n", keys[i], pieces[i].us);
  }
  std::printf("RESULT breakdown_rules_us %.1f\n", rules_total);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const std::vector<CorpusFile> corpus = load_corpus(o.corpus, "check_bench");
  if (corpus.empty()) {
    std::fprintf(stderr, "check_bench: empty corpus\n");
    return 1;
  }
  if (o.run_throughput) bench_throughput(o, corpus);
  if (o.run_incremental) bench_incremental(o, corpus);
  if (o.run_breakdown) bench_breakdown(o, corpus);
  return g_sink.load() == 0xFFFFFFFFFFFFFFFF ? 1 : 0;
}
