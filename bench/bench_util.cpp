#include "bench_util.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace whalesafe::bench {

std::string read_file(const std::filesystem::path& path, const char* program) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read %s\n", program, path.c_str());
    std::exit(1);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<CorpusFile> load_corpus(const std::filesystem::path& dir, const char* program) {
  std::istringstream manifest(read_file(dir / "MANIFEST.tsv", program));
  std::vector<CorpusFile> files;
  std::string line;
  bool header = true;
  while (std::getline(manifest, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::string name = line.substr(0, line.find('\t'));
    files.push_back({name, read_file(dir / name, program)});
  }
  return files;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t rank =
      static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

}  // namespace whalesafe::bench
