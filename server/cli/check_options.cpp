#include "cli/check_options.h"

#include <fmt/format.h>

#include <string_view>

#include "cli/date_option.h"
#include "cli/timeout_option.h"
#include "config/size_limit.h"

namespace whalesafe::cli {

const char* const kCheckUsage =
    "usage: whalesafe check [options] [FILE|DIR|-]...\n"
    "\n"
    "Checks Dockerfiles: the given files, Dockerfiles found recursively in the given\n"
    "directories (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*), or standard input\n"
    "('-'). Without paths, the current directory.\n"
    "\n"
    "options:\n"
    "  --format FORMAT            text (default), json, sarif, checkstyle or gitlab\n"
    "  --severity-threshold SEV   exit 1 when a finding is at least this severe: error,\n"
    "                             warning (default), info, style, or none (never)\n"
    "  --exit-zero                exit 0 even when there are findings (threshold none)\n"
    "  --select RULES             check only these rules (slugs or aliases, comma-separated;\n"
    "                             'all' selects every rule, including those off by default)\n"
    "  --ignore RULES             do not check these rules\n"
    "  --config FILE              use this .whalesafe.yaml or .hadolint.yaml instead of\n"
    "                             searching upward from each Dockerfile\n"
    "  --color WHEN               auto (default: on a terminal), always or never\n"
    "  --fix                      apply safe fixes in place (repeatedly, until nothing\n"
    "                             changes), then report what is left\n"
    "  --unsafe-fixes             with --fix, also apply fixes that may change the build\n"
    "  --date YYYY-MM-DD          judge end of life (base-image-eol) on this day instead of\n"
    "                             today, for results that do not change with the calendar\n"
    "  --diff                     show the fixes as a unified diff on standard output and\n"
    "                             write nothing (implies --fix)\n"
    "  --show-fixes               with --fix, list the fixes applied, per file\n"
    "  --fix-errors               with --fix, also fix files that have syntax errors\n"
    "  --max-file-size SIZE       refuse larger files (default 5MiB; bytes, or with K, KiB,\n"
    "                             KB, M, MiB or MB); wins over max-file-size in the config\n"
    "  --pin-digests              with --fix --unsafe-fixes, ask the registries for the\n"
    "                             digests base images are pinned by (without it, only\n"
    "                             digests already in the resolver's cache are used), and\n"
    "                             check base-image-digest-unpinned too\n"
    "  --registry-timeout SECONDS with --pin-digests, give up on one image after this\n"
    "                             long (default 15); the line stays pinned by tag\n"
    "\n"
    "With --fix, '-' reads standard input and writes the fixed Dockerfile to standard\n"
    "output; the report then goes to standard error.\n"
    "\n"
    "exit status: 0 no finding at or above the threshold, 1 findings, 2 usage or I/O error,\n"
    "3 internal error\n";

namespace {

void split_into(std::string_view list, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
}

}  // namespace

std::variant<CheckOptions, UsageError> parse_check_options(const std::vector<std::string>& args) {
  CheckOptions o;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || !arg.starts_with("-")) {
      o.paths.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      o.help = true;
      continue;
    }
    // As in ruff and flake8: report, but never fail the build (same as --severity-threshold
    // none).
    if (arg == "--exit-zero") {
      o.never_fail = true;
      continue;
    }
    if (arg == "--fix" || arg == "--unsafe-fixes" || arg == "--show-fixes" ||
        arg == "--fix-errors" || arg == "--pin-digests") {
      (arg == "--fix"            ? o.fix
       : arg == "--unsafe-fixes" ? o.unsafe_fixes
       : arg == "--show-fixes"   ? o.show_fixes
       : arg == "--fix-errors"   ? o.fix_errors
                                 : o.pin_digests) = true;
      continue;
    }
    if (arg == "--diff") {
      o.fix = o.diff = true;
      continue;
    }
    // --name=value or --name value
    std::string name = arg;
    std::optional<std::string> value;
    if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    const auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    if (name != "--format" && name != "--severity-threshold" && name != "--select" &&
        name != "--ignore" && name != "--config" && name != "--color" && name != "--date" &&
        name != "--max-file-size" && name != "--registry-timeout") {
      return UsageError{fmt::format("unknown option '{}'", arg)};
    }
    const std::optional<std::string> v = take();
    if (!v) return UsageError{fmt::format("{} needs a value", name)};
    if (name == "--format") {
      if (*v == "text") {
        o.format = ReportFormat::kText;
      } else if (*v == "json") {
        o.format = ReportFormat::kJson;
      } else if (*v == "sarif") {
        o.format = ReportFormat::kSarif;
      } else if (*v == "checkstyle") {
        o.format = ReportFormat::kCheckstyle;
      } else if (*v == "gitlab") {
        o.format = ReportFormat::kGitlab;
      } else {
        return UsageError{fmt::format("unknown format '{}'", *v)};
      }
    } else if (name == "--severity-threshold") {
      if (*v == "none") {
        o.never_fail = true;
      } else if (const std::optional<findings::Severity> s = findings::parse_severity(*v)) {
        o.threshold = s;
      } else {
        return UsageError{fmt::format("unknown severity '{}'", *v)};
      }
    } else if (name == "--select") {
      split_into(*v, o.select);
    } else if (name == "--ignore") {
      split_into(*v, o.ignore);
    } else if (name == "--config") {
      o.config = *v;
    } else if (name == "--max-file-size") {
      o.max_file_bytes = config::parse_byte_size(*v);
      if (!o.max_file_bytes) {
        return UsageError{fmt::format(
            "--max-file-size takes a size such as 5MiB, 800K or 1000000 (up to 1GiB), not '{}'",
            *v)};
      }
    } else if (name == "--date") {
      o.date = parse_date_option(*v);
      if (!o.date) return UsageError{date_option_error(*v)};
    } else if (name == "--registry-timeout") {
      o.registry_timeout = parse_timeout_seconds(*v);
      if (!o.registry_timeout) {
        return UsageError{"--registry-timeout must be a number of seconds in (0, 3600]"};
      }
    } else if (name == "--color") {
      if (*v == "auto") {
        o.color = ColorMode::kAuto;
      } else if (*v == "always") {
        o.color = ColorMode::kAlways;
      } else if (*v == "never") {
        o.color = ColorMode::kNever;
      } else {
        return UsageError{fmt::format("--color takes auto, always or never, not '{}'", *v)};
      }
    }
  }
  if (o.unsafe_fixes && !o.fix) return UsageError{"--unsafe-fixes needs --fix"};
  if (o.show_fixes && !o.fix) return UsageError{"--show-fixes needs --fix"};
  if (o.fix_errors && !o.fix) return UsageError{"--fix-errors needs --fix"};
  // Digests are part of the pin-slim-tag rewrite, an unsafe fix.
  if (o.pin_digests && !o.unsafe_fixes) {
    return UsageError{"--pin-digests needs --fix --unsafe-fixes"};
  }
  if (o.registry_timeout && !o.pin_digests) {
    return UsageError{"--registry-timeout needs --pin-digests"};
  }
  if (o.paths.empty()) o.paths.push_back(".");
  return o;
}

}  // namespace whalesafe::cli
