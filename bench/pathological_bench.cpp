// pathological_bench: does whalesafe stay linear on inputs built to hurt it? For each shape (a
// 100,000-line continuation, 10,000 heredocs, a 1 MB single line, ...) it builds the input at
// 1x, 2x and 4x its base size, times parse (syntax::Document), check (every rule but
// `shellcheck`) and fix (--fix --unsafe-fixes, the fix engine to its fixed point), and prints the
// growth ratios t(2x)/t(1x) and t(4x)/t(2x): about 2 is linear, about 4 quadratic. Results are in
// docs/reliability.md. Measures, never asserts (tests assert; see tests/reliability/).
//
// usage: pathological_bench [--quick] [--only SHAPE]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench_util.h"
#include "fixes/fix_engine.h"
#include "rules/runner.h"
#include "syntax/document.h"

namespace {

using whalesafe::bench::Clock;
using whalesafe::bench::seconds_since;

struct Shape {
  const char* name;
  const char* what;  // the 4x input, in words
  std::size_t base;  // the 1x size parameter
  std::function<std::string(std::size_t)> build;
};

std::string continuation(std::size_t lines) {
  std::string s = "FROM alpine:3.19\nRUN echo start \\\n";
  for (std::size_t i = 0; i < lines; ++i) s += "    && echo line" + std::to_string(i) + " \\\n";
  return s + "    && true\n";
}

std::string heredocs(std::size_t count) {
  std::string s = "FROM alpine:3.19\n";
  for (std::size_t i = 0; i < count; ++i) {
    s += "RUN <<EOF\napt-get install curl\necho " + std::to_string(i) + "\nEOF\n";
  }
  return s;
}

// One RUN with `count` heredocs opened on its first line (the scanner keeps them all pending).
std::string heredocs_one_line(std::size_t count) {
  std::string s = "FROM alpine:3.19\nRUN cat";
  for (std::size_t i = 0; i < count; ++i) s += " <<E" + std::to_string(i);
  s += "\n";
  for (std::size_t i = 0; i < count; ++i) s += "x\nE" + std::to_string(i) + "\n";
  return s;
}

// A single line of `bytes` bytes: a RUN of short words (many shell tokens).
std::string long_run_line(std::size_t bytes) {
  std::string s = "FROM alpine:3.19\nRUN echo";
  while (s.size() < bytes) s += " w";
  return s + "\n";
}

// A single line of `bytes` bytes without any space: one huge word.
std::string long_word(std::size_t bytes) {
  return "FROM alpine:3.19\nLABEL a=" + std::string(bytes, 'x') + "\n";
}

// `count` ENV lines in the legacy form: each one gets a fix (fix rounds over many edits).
std::string many_fixes(std::size_t count) {
  std::string s = "from alpine:3.19\n";
  for (std::size_t i = 0; i < count; ++i) {
    s += "env KEY" + std::to_string(i) + " value " + std::to_string(i) + "\n";
  }
  return s;
}

// Deeply nested shell: `$( $( ... ) )` and `( ( ... ) )` in one RUN.
std::string nested_shell(std::size_t depth) {
  std::string s = "FROM alpine:3.19\nRUN echo ";
  for (std::size_t i = 0; i < depth; ++i) s += "\"$(echo ";
  s += "x";
  for (std::size_t i = 0; i < depth; ++i) s += ")\"";
  return s + "\n";
}

whalesafe::rules::RuleSelection selection() {
  auto selection = whalesafe::rules::RuleSelection::all();
  std::erase_if(selection.rules, [](const whalesafe::rules::EnabledRule& e) {
    return e.rule->info.slug == "shellcheck";
  });
  return selection;
}

// The median of `reps` timings of `f`, in seconds.
double time_median(int reps, const std::function<void()>& f) {
  std::vector<double> samples;
  for (int r = 0; r < reps; ++r) {
    const auto start = Clock::now();
    f();
    samples.push_back(seconds_since(start));
  }
  return whalesafe::bench::median(samples);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: pathological_bench [--quick] [--only SHAPE]\n");
      return 2;
    }
  }
  const std::vector<Shape> shapes = {
      {"continuation", "a 100,000-line continuation", 25000, continuation},
      {"heredocs", "10,000 heredocs", 2500, heredocs},
      {"heredocs-one-line", "4,000 heredocs opened on one line", 1000, heredocs_one_line},
      {"long-line", "a 1 MB single RUN line of words", 256 * 1024, long_run_line},
      {"long-word", "a 1 MB single word", 256 * 1024, long_word},
      {"many-fixes", "4,000 lines that each need two fixes", 1000, many_fixes},
      {"nested-shell", "4,000 nested $(...)", 1000, nested_shell},
  };
  const int reps = quick ? 1 : 3;
  const auto rules = selection();
  const whalesafe::rules::RuleSettings settings;
  std::printf("== pathological inputs: median of %d, seconds at 1x / 2x / 4x, growth ratios ==\n",
              reps);
  std::printf("%-18s %-6s %10s %10s %10s %7s %7s\n", "shape", "stage", "1x", "2x", "4x", "2x/1x",
              "4x/2x");
  for (const Shape& shape : shapes) {
    if (!only.empty() && only != shape.name) continue;
    std::vector<std::string> inputs;
    for (std::size_t k = 1; k <= 4; k *= 2) inputs.push_back(shape.build(shape.base * k));
    const char* stages[] = {"parse", "check", "fix"};
    for (int stage = 0; stage < 3; ++stage) {
      double t[3] = {};
      for (std::size_t k = 0; k < 3; ++k) {
        const std::string& text = inputs[k];
        t[k] = time_median(reps, [&] {
          if (stage == 0) {
            const whalesafe::syntax::Document doc(text);
            (void)doc.root();
          } else if (stage == 1) {
            const whalesafe::syntax::Document doc(text);
            (void)whalesafe::rules::check_document(doc, rules, settings);
          } else {
            (void)whalesafe::fixes::fix_text(text, rules, settings,
                                             {.include_unsafe = true, .fix_errors = true});
          }
        });
      }
      std::printf("%-18s %-6s %10.4f %10.4f %10.4f %7.2f %7.2f\n", shape.name, stages[stage], t[0],
                  t[1], t[2], t[1] / std::max(t[0], 1e-9), t[2] / std::max(t[1], 1e-9));
      std::fflush(stdout);
    }
    std::printf("%-18s 4x: %s, %zu bytes\n", "", shape.what, inputs[2].size());
  }
  return 0;
}
