# whalesafe_warnings: INTERFACE target carrying the warning flags for whalesafe's own C/C++ code.
# Link it PRIVATE into every first-party target:
#   target_link_libraries(my_target PRIVATE whalesafe_warnings)
# Third-party code (ts_bash, generated parsers) must not link it.

add_library(whalesafe_warnings INTERFACE)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(whalesafe_warnings INTERFACE
    -Wall
    -Wextra
    -Wpedantic
    -Wshadow
    -Wcast-align
    -Wformat=2
    -Wundef
    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
    $<$<COMPILE_LANGUAGE:CXX>:-Woverloaded-virtual>
    $<$<BOOL:${WHALESAFE_WERROR}>:-Werror>)
  # GCC 12 reports false -Wrestrict/-Wstringop-overflow errors inside libstdc++'s
  # std::string concatenation at -O2/-O3 (GCC bugs 105329, 105651).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(whalesafe_warnings INTERFACE -Wno-restrict)
  endif()
elseif(MSVC)
  target_compile_options(whalesafe_warnings INTERFACE /W4 $<$<BOOL:${WHALESAFE_WERROR}>:/WX>)
endif()
