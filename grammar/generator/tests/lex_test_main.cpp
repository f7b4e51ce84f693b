// Catch2 v2 main for the lexer-generator tests (leave it out if the build supplies its own main).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
