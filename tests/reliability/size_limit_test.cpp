// config/size_limit.h: the sizes `--max-file-size` and `max-file-size:` accept, and the messages.
#include "config/size_limit.h"

#include <catch2/catch.hpp>

#include "config/config.h"

using whalesafe::config::format_byte_size;
using whalesafe::config::parse_byte_size;
using whalesafe::config::too_large_message;

TEST_CASE("sizes: bytes, binary and decimal units, case-insensitive", "[size]") {
  CHECK(parse_byte_size("1000") == 1000u);
  CHECK(parse_byte_size("5MiB") == 5u << 20);
  CHECK(parse_byte_size("5 mib") == 5u << 20);
  CHECK(parse_byte_size("5M") == 5u << 20);
  CHECK(parse_byte_size("5MB") == 5000000u);
  CHECK(parse_byte_size("64k") == 65536u);
  CHECK(parse_byte_size("64KB") == 64000u);
  CHECK(parse_byte_size("12 bytes") == 12u);
  CHECK(parse_byte_size(" 7B ") == 7u);
  CHECK(parse_byte_size("1024M") == std::size_t{1} << 30);  // the largest
}

TEST_CASE("sizes: what is refused", "[size]") {
  for (const char* bad : {"", "0", "-1", "5GB", "1025MiB", "1.5M", "M", "5 M B", "0x10",
                          "99999999999999999999999", "5MiBs"}) {
    INFO(bad);
    CHECK_FALSE(parse_byte_size(bad));
  }
}

TEST_CASE("sizes are shown exactly, in the largest unit dividing them", "[size]") {
  CHECK(format_byte_size(5u << 20) == "5 MiB");
  CHECK(format_byte_size(1024) == "1 KiB");
  CHECK(format_byte_size(1000) == "1000 bytes");
  CHECK(format_byte_size(1536u << 10) == "1536 KiB");
  CHECK(too_large_message("a/Dockerfile", 6u << 20, 5u << 20) ==
        "a/Dockerfile: file too large (6291456 bytes, limit 5 MiB); raise the limit with "
        "--max-file-size or max-file-size in .whalesafe.yaml");
  CHECK(too_large_message("<stdin>", std::nullopt, 10) ==
        "<stdin>: file too large (over 10 bytes, limit 10 bytes); raise the limit with "
        "--max-file-size or max-file-size in .whalesafe.yaml");
}

TEST_CASE("max-file-size in .whalesafe.yaml", "[size]") {
  using whalesafe::config::Config;
  using whalesafe::config::ConfigKind;
  Config config;
  whalesafe::config::load_config_text("max-file-size: 2MiB\n", ".whalesafe.yaml",
                                      ConfigKind::kWhalesafe, config);
  CHECK(config.max_file_bytes == std::size_t{2} << 20);
  CHECK(config.problems.empty());
  Config bad;
  whalesafe::config::load_config_text("max-file-size: [1]\n", ".whalesafe.yaml",
                                      ConfigKind::kWhalesafe, bad);
  CHECK_FALSE(bad.max_file_bytes);
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].line == 1);
  CHECK(bad.problems[0].message.find("'max-file-size' must be a size") != std::string::npos);
}
