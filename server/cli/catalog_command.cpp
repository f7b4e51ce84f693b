// `whalesafe catalog update`: fetches the official-images and endoflife.date files over HTTPS
// (catalog_update/upstream.h), derives the table the way scripts/derive-catalog.py does
// (catalog/derive.h) and replaces the user's catalog cache (cli/catalog_cache.h) atomically.
// Any failure (offline, timeout, HTTP error, data that does not derive) exits 2 and leaves the
// cache as it was: the new table is written to a temporary file and renamed over the old one
// only once it is complete and reads back.
#include "cli/catalog_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/derive.h"
#include "catalog/table.h"
#include "catalog_update/upstream.h"
#include "cli/catalog_cache.h"
#include "cli/catalog_lookup.h"
#include "cli/commands.h"
#include "cli/date_option.h"
#include "cli/timeout_option.h"
#include "fs/atomic_file.h"
#include "net/http_client.h"
#include "rules/dates.h"
#include "whalesafe/version.h"

namespace {

namespace catalog = whalesafe::catalog;
namespace net = whalesafe::net;
using whalesafe::cli::kExitFailure;
using whalesafe::cli::kExitOk;
using whalesafe::cli::kExitUsage;
using whalesafe::cli::parse_timeout_seconds;

constexpr double kDefaultTimeoutSeconds = 300;

constexpr std::string_view kUsage =
    "usage: whalesafe catalog update [--source-url URL] [--timeout SECONDS]\n"
    "       whalesafe catalog [--date YYYY-MM-DD] IMAGE[:TAG]...\n"
    "       whalesafe catalog\n"
    "\n"
    "Without arguments, shows which image catalog snapshot is in use and its size.\n"
    "\n"
    "With image references, shows what the catalog knows about each Docker Official Image\n"
    "tag: maintained or not, its most precise pin, variant and platforms, the release and\n"
    "base system it is on with their end of life and extended support (judged on --date,\n"
    "default today), and a smaller variant. Exit status 1 when a reference is not an\n"
    "official image the catalog knows.\n"
    "\n"
    "Refreshes the offline image catalog: fetches the Docker official-images library files\n"
    "and the endoflife.date product files from GitHub over HTTPS, derives the catalog table\n"
    "and stores it in the user cache ($XDG_CACHE_HOME/whalesafe/catalog_data.inc, default\n"
    "~/.cache/whalesafe/catalog_data.inc), which later runs use instead of the compiled-in\n"
    "table ('whalesafe --version' shows which).\n"
    "\n"
    "  --source-url URL   serve both GitHub's API and its raw files from URL (a mirror, or a\n"
    "                     local test server); plain http:// only to loopback addresses\n"
    "  --timeout SECONDS  give up after this long in total (default 300)\n"
    "\n"
    "exit status: 0 updated, 2 usage error or update failed (offline, timeout, HTTP error,\n"
    "unexpected data); on failure the cache is left unchanged\n";

struct Options {
  whalesafe::catalog_update::UpstreamConfig upstream;
  double timeout_seconds = kDefaultTimeoutSeconds;
};

int usage_error(std::string_view message, std::string_view command = "catalog update") {
  std::cerr << "whalesafe " << command << ": " << message << "\n" << kUsage;
  return kExitUsage;
}

int failure(std::string_view message) {
  std::cerr << "whalesafe catalog update: " << message << "\n"
            << "The catalog cache was not changed.\n";
  return kExitUsage;
}

std::string describe_fetch_error(const net::FetchError& e, double timeout_seconds) {
  switch (e.kind()) {
    case net::FetchError::Kind::unreachable:
      return std::string("cannot reach the catalog sources (offline?): ") + e.what();
    case net::FetchError::Kind::timeout:
      return fmt::format(
          "no complete answer within {:g} s (--timeout; offline or slow network?): {}",
          timeout_seconds, e.what());
    case net::FetchError::Kind::tls:
    case net::FetchError::Kind::certificate:
      return std::string("secure connection failed: ") + e.what();
    case net::FetchError::Kind::insecure:
      return std::string("refused: ") + e.what();
    case net::FetchError::Kind::proxy:
      return std::string("the proxy (HTTPS_PROXY) refused: ") + e.what();
    case net::FetchError::Kind::http_status: {
      std::string message = std::string("the source answered with an error: ") + e.what();
      const std::string_view what = e.what();
      if (what.find("/repos/") != std::string_view::npos &&
          (what.ends_with("HTTP 403 Forbidden") ||
           what.find("HTTP 429") != std::string_view::npos)) {
        message += " (GitHub's API allows 60 requests an hour without a token; try again later)";
      }
      return message;
    }
    case net::FetchError::Kind::protocol:
      break;
  }
  return std::string("unexpected answer from the source: ") + e.what();
}

int run_update(const Options& options) {
  const std::optional<std::filesystem::path> path = whalesafe::cli::catalog_cache_path();
  if (!path) return failure("no cache directory: set XDG_CACHE_HOME or HOME");

  const auto started = std::chrono::steady_clock::now();
  net::HttpOptions http;
  http.deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(options.timeout_seconds));
  http.user_agent = "whalesafe/" WHALESAFE_VERSION " (catalog update)";
  std::vector<std::string> proxy_warnings;
  http.proxy = net::proxy_config_from_env(&proxy_warnings);
  for (const std::string& warning : proxy_warnings) {
    std::cerr << "whalesafe catalog update: warning: " << warning << '\n';
  }
  const bool interactive = ::isatty(STDERR_FILENO) != 0;

  catalog::Table table;
  try {
    net::HttpClient client(http);
    const auto progress = [&](std::string_view, std::size_t done, std::size_t total) {
      if (interactive)
        std::cerr << "\rfetched " << done << " of " << total << " files" << std::flush;
    };
    catalog::DeriveInput input =
        whalesafe::catalog_update::fetch_upstream(client, options.upstream, progress);
    if (interactive) std::cerr << '\n';
    table = catalog::derive_table(input);
  } catch (const net::FetchError& e) {
    if (interactive) std::cerr << '\n';
    return failure(describe_fetch_error(e, options.timeout_seconds));
  } catch (const catalog::DeriveError& e) {
    return failure(std::string("the fetched data is not what the catalog expects: ") + e.what());
  }

  const std::string text = catalog::render_table_text(table);
  // What is written must load: a cache that later runs would reject is worse than none.
  const catalog::TableParse check = catalog::parse_table_text(text);
  if (!check.table) return failure("the derived table does not read back: " + check.error);
  if (const std::string error = whalesafe::fs::write_atomically(*path, text); !error.empty()) {
    return failure(error);
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "catalog updated: snapshot "
            << catalog::table_snapshot_date(table).value_or(catalog::Date{}).to_string() << ", "
            << table.image_files.size() << " images, " << table.entries.size() << " entries, "
            << table.cycles.size() << " release cycles (" << static_cast<long>(seconds * 1000)
            << " ms)\n";
  for (const auto& source : table.sources) {
    std::cout << "  " << source.repository << " " << source.commit << " " << source.commit_time
              << '\n';
  }
  std::cout << "written to " << path->string() << '\n';
  return kExitOk;
}

// `whalesafe catalog`: which snapshot is in use and how much it knows.
int print_catalog_summary() {
  whalesafe::cli::print_catalog_version(std::cout);
  std::size_t tag_count = 0;
  const std::vector<std::string_view> images = catalog::image_names();
  for (std::string_view image : images) tag_count += catalog::tags(image).size();
  std::cout << images.size() << " official images, " << tag_count
            << " maintained tags; refresh with 'whalesafe catalog update'\n";
  return kExitOk;
}

// `whalesafe catalog [--date D] IMAGE[:TAG]...`.
int run_lookup(const std::vector<std::string>& args) {
  std::optional<catalog::Date> date;
  std::vector<std::string_view> references;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (arg == "--date" || arg.starts_with("--date=")) {
      std::string_view value;
      if (arg == "--date") {
        if (i + 1 >= args.size()) return usage_error("--date needs a value", "catalog");
        value = args[++i];
      } else {
        value = arg.substr(std::string_view("--date=").size());
      }
      date = whalesafe::cli::parse_date_option(value);
      if (!date) return usage_error(whalesafe::cli::date_option_error(value), "catalog");
    } else if (arg.starts_with("-")) {
      return usage_error("unknown option '" + std::string(arg) + "'", "catalog");
    } else {
      references.push_back(arg);
    }
  }
  if (references.empty()) return usage_error("no image reference given", "catalog");
  const catalog::Date day = date ? *date : whalesafe::rules::today_utc();
  int status = kExitOk;
  for (std::string_view reference : references) {
    if (!whalesafe::cli::describe_reference(std::cout, reference, day)) {
      std::cout.flush();
      std::cerr << "whalesafe catalog: '" << reference
                << "' is not a Docker Official Image the catalog knows\n";
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace

int run_catalog_command(const std::vector<std::string>& args) {
  if (args.empty()) return print_catalog_summary();
  if (args.front() != "update") return run_lookup(args);
  Options options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    std::string_view value;
    const auto take_value = [&](std::string_view name) -> bool {
      if (arg == name) {
        if (i + 1 >= args.size()) return false;
        value = args[++i];
        return true;
      }
      value = arg.substr(name.size() + 1);
      return true;
    };
    if (arg == "--source-url" || arg.starts_with("--source-url=")) {
      if (!take_value("--source-url")) return usage_error("--source-url needs a URL");
      std::string error;
      const std::optional<net::Url> url = net::parse_url(value, &error);
      if (!url) return usage_error("bad --source-url " + error);
      if (!url->is_https() && !net::is_loopback_host(url->host)) {
        return usage_error(
            "plain http:// is only allowed to loopback addresses (127.0.0.1, "
            "::1, localhost); use https://");
      }
      options.upstream.api_base = options.upstream.raw_base = std::string(value);
    } else if (arg == "--timeout" || arg.starts_with("--timeout=")) {
      if (!take_value("--timeout")) return usage_error("--timeout needs a number of seconds");
      const std::optional<double> seconds = parse_timeout_seconds(value);
      if (!seconds) return usage_error("--timeout must be a number of seconds in (0, 3600]");
      options.timeout_seconds = *seconds;
    } else {
      return usage_error("unknown argument '" + std::string(arg) + "'");
    }
  }
  return run_update(options);
}
