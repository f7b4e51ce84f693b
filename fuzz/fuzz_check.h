// Helpers shared by the fuzz targets: a property check that reports what failed and aborts (so
// that libFuzzer saves the input as a crash), and the Dockerfile-flavoured fragments the
// structured targets splice into their inputs.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>

// FUZZ_CHECK(condition, "what should hold"): aborts with the message when the property fails.
#define FUZZ_CHECK(condition, message)                                                             \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::fprintf(stderr, "property violated: %s\n  at %s:%d: %s\n", message, __FILE__, __LINE__, \
                   #condition);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace whalesafe::fuzz {

// CpuBudget, declared first in each target's entry point: an input that takes more CPU time than
// WHALESAFE_FUZZ_CPU_SECONDS (fuzz/run.sh sets it to its --timeout) is a hang. CPU time, not wall
// time: a campaign at nice 19 beside a build waits for the CPU, and libFuzzer's -timeout (wall
// clock) then stopped it on inputs that take 14 ms (docs/reliability.md, Campaign). That
// -timeout stays, much longer, for an input that never returns. The process clock counts every
// thread, the LSP target's server threads too. Unset (ctest's replays): no budget.
class CpuBudget {
 public:
  CpuBudget() : start_(now()) {}
  CpuBudget(const CpuBudget&) = delete;
  CpuBudget& operator=(const CpuBudget&) = delete;
  ~CpuBudget() {
    static const double limit = limit_from_environment();
    if (limit <= 0) return;
    const double used = now() - start_;
    if (used > limit) {
      std::fprintf(
          stderr, "property violated: an input takes at most %.3g s of CPU time (it took %.3f s)\n",
          limit, used);
      std::abort();
    }
  }

 private:
  static double now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  static double limit_from_environment() {
    const char* value = std::getenv("WHALESAFE_FUZZ_CPU_SECONDS");
    return value == nullptr ? 0 : std::strtod(value, nullptr);
  }
  double start_;
};

// Fragments that random edits insert: the tokens that change the grammar's and the external
// scanner's state (line continuations, heredocs, quotes, directives, comments, JSON forms).
inline constexpr std::array<std::string_view, 40> kFragments = {"\n",
                                                                "\\\n",
                                                                "\\",
                                                                "`\n",
                                                                "\r\n",
                                                                " ",
                                                                "\t",
                                                                "#",
                                                                "# syntax=docker/dockerfile:1\n",
                                                                "# escape=`\n",
                                                                "\"",
                                                                "'",
                                                                "$",
                                                                "${",
                                                                "}",
                                                                "${A:-b}",
                                                                "[",
                                                                "]",
                                                                "[\"a\", \"b\"]",
                                                                "<<",
                                                                "<<EOF\n",
                                                                "<<-EOF\n",
                                                                "<<'EOF'\n",
                                                                "EOF\n",
                                                                "\tEOF\n",
                                                                "RUN ",
                                                                "FROM ",
                                                                "COPY ",
                                                                "ADD ",
                                                                "ENV ",
                                                                "ARG ",
                                                                "LABEL ",
                                                                "ONBUILD ",
                                                                "HEALTHCHECK ",
                                                                "CMD ",
                                                                "--mount=type=cache,target=/x ",
                                                                "=",
                                                                "&&",
                                                                "\xef\xbb\xbf",
                                                                "\xff"};

}  // namespace whalesafe::fuzz
