// The one Catch2 (v2) main shared by all test executables (object library `catch_main`).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
