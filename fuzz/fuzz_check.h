// Helpers shared by the fuzz targets: a property check that reports what failed and aborts (so
// that libFuzzer saves the input as a crash), and the Dockerfile-flavoured fragments the
// structured targets splice into their inputs.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
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
