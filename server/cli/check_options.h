// Command-line options of `whalesafe check`.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "catalog/date.h"
#include "cli/check_report.h"
#include "findings/diagnostic.h"

namespace whalesafe::cli {

enum class ColorMode { kAuto, kAlways, kNever };

struct CheckOptions {
  ReportFormat format = ReportFormat::kText;
  std::optional<findings::Severity> threshold;  // --severity-threshold
  bool never_fail = false;                      // --severity-threshold none, --exit-zero
  std::vector<std::string> select;              // --select (comma lists, repeatable)
  std::vector<std::string> ignore;              // --ignore
  std::optional<std::string> config;            // --config FILE
  ColorMode color = ColorMode::kAuto;
  bool fix = false;           // --fix: apply safe fixes in place, then report what is left
  bool unsafe_fixes = false;  // --unsafe-fixes: with --fix, apply unsafe fixes too
  bool diff = false;          // --diff: with --fix, print a diff, write nothing
  bool show_fixes = false;    // --show-fixes: with --fix, list the fixes applied
  bool fix_errors = false;    // --fix-errors: with --fix, fix files with syntax errors
  // --pin-digests: with --fix --unsafe-fixes, ask registries for the digests base images are
  // pinned by (otherwise only the resolver's on-disk cache answers), and check
  // base-image-digest-unpinned too.
  bool pin_digests = false;
  std::optional<double> registry_timeout;  // --registry-timeout SECONDS (per reference)
  // --date YYYY-MM-DD: the day end of life is judged on, instead of today (and instead of the
  // configuration's eol-date), so that a run gives the same answer on any day.
  std::optional<catalog::Date> date;
  // --max-file-size SIZE: larger files are refused (wins over the configuration's setting).
  std::optional<std::size_t> max_file_bytes;
  std::vector<std::string> paths;  // default: "."
  bool help = false;
};

struct UsageError {
  std::string message;
};

std::variant<CheckOptions, UsageError> parse_check_options(const std::vector<std::string>& args);

extern const char* const kCheckUsage;

}  // namespace whalesafe::cli
