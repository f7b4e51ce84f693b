# Sanitizer and fuzzing builds (docs/reliability.md). Both apply to every target compiled after
# this file is included (third-party C too: the external scanner and tree-sitter-bash are fuzzed
# along with our code; tree-sitter-bash without comparison tracing, see third_party/), so use a
# separate build directory:
#   cmake -S . -B build-asan -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
#         -DWHALESAFE_SANITIZE=ON -DWHALESAFE_FUZZ=ON
option(WHALESAFE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# Which sanitizers WHALESAFE_SANITIZE means. Long fuzz campaigns use "leak,undefined": leaks and
# undefined behaviour are still fatal, without AddressSanitizer's shadow-memory checks, which
# cost the fuzz targets most of their speed (docs/reliability.md#campaign).
set(WHALESAFE_SANITIZERS "address,undefined" CACHE STRING
  "The -fsanitize= list of a WHALESAFE_SANITIZE build")
option(WHALESAFE_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)

if(WHALESAFE_SANITIZE)
  # Any undefined behaviour stops the program (a test fails), instead of a printed warning.
  add_compile_options(-fsanitize=${WHALESAFE_SANITIZERS} -fno-sanitize-recover=all
    -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${WHALESAFE_SANITIZERS})
  if(WHALESAFE_SANITIZERS MATCHES "undefined" AND NOT WHALESAFE_SANITIZERS MATCHES "address")
    # Without ASan, clang (14) links no UBSan runtime beside the standalone LeakSanitizer:
    # undefined behaviour then traps (SIGILL, which libFuzzer reports as a crash with its input).
    add_compile_options(-fsanitize-trap=undefined)
  endif()
  message(STATUS "whalesafe: sanitizer build (-fsanitize=${WHALESAFE_SANITIZERS})")
endif()

if(WHALESAFE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WHALESAFE_FUZZ needs clang (libFuzzer): configure with "
      "-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage instrumentation everywhere; fuzz/ links libFuzzer's main into its targets only.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
  message(STATUS "whalesafe: libFuzzer targets in fuzz/")
endif()
