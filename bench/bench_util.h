// Helpers shared by the benchmarks in bench/: reading the shared corpus, timing and the
// statistics the reports print.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace whalesafe::bench {

using Clock = std::chrono::steady_clock;

// The whole file, or exit(1) with "<program>: cannot read <path>".
std::string read_file(const std::filesystem::path& path, const char* program);

struct CorpusFile {
  std::string name;
  std::string text;
};

// Every file listed in MANIFEST.tsv (first column, header skipped), in manifest order.
std::vector<CorpusFile> load_corpus(const std::filesystem::path& dir, const char* program);

double seconds_since(Clock::time_point start);

double median(std::vector<double> v);

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double p);

}  // namespace whalesafe::bench
