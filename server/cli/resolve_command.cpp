#include "cli/resolve_command.h"

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "cli/commands.h"
#include "cli/timeout_option.h"
#include "registry/resolver.h"
#include "whalesafe/version.h"

namespace whalesafe::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: whalesafe resolve [options] REF...\n"
    "\n"
    "Prints each image reference pinned by digest, REF@sha256:..., one per line: the digest\n"
    "the tag points to now (for a multi-platform image, its index). Asks the image's registry\n"
    "(registry API v2: Docker Hub for 'python:3.12', ghcr.io for 'ghcr.io/org/app:1') or the\n"
    "cache in $XDG_CACHE_HOME/whalesafe/registry (answers are reused for 24 hours). A reference\n"
    "that already has a digest is printed unchanged. Credentials come from Docker's\n"
    "config.json ($DOCKER_CONFIG or ~/.docker); HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply.\n"
    "\n"
    "options:\n"
    "  --offline                   use the cache only (whatever the age of its answers)\n"
    "  --refresh                   ask the registry even when the cache has a recent answer\n"
    "  --timeout SECONDS           give up on a reference after this long (default 15)\n"
    "  --insecure-registry HOST    allow plain http:// to this registry (host or host:port;\n"
    "                              loopback registries always may); repeatable\n"
    "  --format FORMAT             text (default) or json\n"
    "\n"
    "exit status: 0 every reference resolved, 1 some did not (each is reported on stderr),\n"
    "2 usage error\n";

int usage_error(std::string_view message) {
  std::cerr << "whalesafe resolve: " << message << "\n" << kUsage;
  return kExitUsage;
}

std::string_view source_name(registry::Resolution::Source source) {
  switch (source) {
    case registry::Resolution::Source::reference:
      return "reference";
    case registry::Resolution::Source::cache:
      return "cache";
    case registry::Resolution::Source::registry:
      return "registry";
  }
  return "registry";
}

nlohmann::json to_json(const registry::Resolution& r) {
  nlohmann::json out = {{"reference", r.reference}};
  if (r.ok()) {
    out["pinned"] = r.pinned();
    out["digest"] = r.digest;
    out["media_type"] = r.media_type;
    out["source"] = source_name(r.source);
    if (r.resolved_at) {
      out["resolved_at"] =
          std::chrono::duration_cast<std::chrono::seconds>(r.resolved_at->time_since_epoch())
              .count();
    }
  } else {
    out["error"] = {{"kind", registry::error_kind_name(*r.error_kind)}, {"message", r.error}};
  }
  return out;
}

}  // namespace

int run_resolve_command(const std::vector<std::string>& args) {
  std::vector<std::string> warnings;
  registry::ResolverOptions options = registry::ResolverOptions::from_environment(&warnings);
  options.user_agent = "whalesafe/" WHALESAFE_VERSION " (resolve)";
  bool json = false;
  std::vector<std::string> references;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || !arg.starts_with("-")) {
      references.emplace_back(arg);
      continue;
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
    const auto is_option = [&](std::string_view name) {
      return arg == name ||
             (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=');
    };
    if (arg == "--") {
      options_done = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return kExitOk;
    } else if (arg == "--offline") {
      options.offline = true;
    } else if (arg == "--refresh") {
      options.refresh = true;
    } else if (is_option("--timeout")) {
      if (!take_value("--timeout")) return usage_error("--timeout needs a number of seconds");
      const std::optional<double> seconds = parse_timeout_seconds(value);
      if (!seconds) return usage_error("--timeout must be a number of seconds in (0, 3600]");
      options.timeout = std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
    } else if (is_option("--insecure-registry")) {
      if (!take_value("--insecure-registry") || value.empty()) {
        return usage_error("--insecure-registry needs a host or host:port");
      }
      options.insecure_registries.emplace_back(value);
    } else if (is_option("--format")) {
      if (!take_value("--format")) return usage_error("--format needs text or json");
      if (value != "text" && value != "json") {
        return usage_error("unknown format '" + std::string(value) + "' (text or json)");
      }
      json = value == "json";
    } else {
      return usage_error("unknown option '" + std::string(arg) + "'");
    }
  }
  if (references.empty()) return usage_error("no image reference given");
  if (options.offline && options.refresh) {
    return usage_error("--offline and --refresh contradict each other");
  }
  for (const std::string& warning : warnings) {
    std::cerr << "whalesafe resolve: warning: " << warning << '\n';
  }

  registry::Resolver resolver(std::move(options));
  nlohmann::json results = nlohmann::json::array();
  int status = kExitOk;
  for (const std::string& reference : references) {
    const registry::Resolution resolution = resolver.resolve(reference);
    if (json) results.push_back(to_json(resolution));
    if (!resolution.ok()) {
      std::cerr << "whalesafe resolve: " << resolution.error << '\n';
      status = kExitFailure;
    } else if (!json) {
      std::cout << resolution.pinned() << '\n' << std::flush;
    }
  }
  if (json) std::cout << results.dump(2) << '\n';
  return status;
}

}  // namespace whalesafe::cli
