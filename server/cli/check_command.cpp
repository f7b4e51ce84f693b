// `whalesafe check`: discovers Dockerfiles, resolves each one's configuration, checks the files
// in parallel, and prints one report in the chosen format (in argument order, whatever order
// the workers finish in).
#include "cli/check_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "cli/check_options.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/discovery.h"
#include "cli/file_write.h"
#include "cli/input_file.h"
#include "cli/unified_diff.h"
#include "config/config.h"
#include "config/selection.h"
#include "config/size_limit.h"
#include "fixes/fix_engine.h"
#include "registry/digest_lookup.h"
#include "rules/registry.h"
#include "rules/runner.h"
#include "shell/parse_cache.h"
#include "syntax/document.h"
#include "whalesafe/version.h"

namespace whalesafe::cli {
namespace {

namespace fs = std::filesystem;

// Parsing gives up after this long (a safety net; a file at the size limit parses in well under
// a second).
constexpr uint64_t kParseTimeoutMicros = 30u * 1000u * 1000u;
// Without a threshold from the command line or a config file, warnings and errors fail.
constexpr findings::Severity kDefaultThreshold = findings::Severity::kWarning;

// The configuration in force for a group of files, and the rules it selects.
struct Setup {
  config::Config config;
  rules::RuleSelection selection;
};

struct Job {
  std::string path;
  std::shared_ptr<const Setup> setup;
  FileReport report = {};
  std::optional<std::string> error = {};
  bool internal = false;  // `error` is a bug of ours, not a problem with the input
  // --fix: the fixes applied (or, with --diff, that would be), the diff, the fixed text of
  // standard input, what stopped a file from being fixed or written.
  std::vector<fixes::AppliedFix> applied = {};
  std::string diff = {};
  std::optional<std::string> fixed_stdin = {};
  std::vector<std::string> notices = {};
  std::optional<std::string> write_error = {};
};

class SetupCache {
 public:
  SetupCache(const CheckOptions& options) : options_(options) {}

  // Throws config::ConfigError.
  std::shared_ptr<const Setup> for_file(const std::string& path) {
    std::vector<fs::path> files;
    std::string key;
    if (options_.config) {
      files.emplace_back(*options_.config);
      key = "--config";
    } else {
      const fs::path dir = path == "-" ? fs::current_path() : fs::path(path).parent_path();
      files = config::find_config_files(dir.empty() ? fs::path(".") : dir);
      for (const fs::path& f : files) key += f.string() + "\n";
    }
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    auto setup = std::make_shared<Setup>();
    for (const fs::path& f : files) config::load_config_file(f, setup->config);
    for (const config::ConfigProblem& p : setup->config.problems) {
      const std::string where =
          p.line > 0 ? fmt::format("{}:{}:{}", p.file, p.line, p.column) : p.file;
      if (reported_.insert(where + p.message).second) {
        std::cerr << fmt::format("whalesafe: {}: warning: {}\n", where, p.message);
      }
    }
    config::SelectionResult selected =
        config::select_rules(setup->config, options_.select, options_.ignore);
    setup->selection = std::move(selected.selection);
    if (options_.pin_digests) add_digest_rule(setup->config, setup->selection);
    auto& codes = setup->config.settings.ignored_codes;
    codes.insert(codes.end(), selected.ignored_codes.begin(), selected.ignored_codes.end());
    cache_.emplace(key, setup);
    return setup;
  }

 private:
  const CheckOptions& options_;
  std::map<std::string, std::shared_ptr<const Setup>> cache_;
  std::set<std::string> reported_;

  // --pin-digests checks base-image-digest-unpinned (off by default) so that every FROM gets
  // its digest, unless the command line selects rules itself or leaves that one out, or the
  // configuration turns it off.
  void add_digest_rule(const config::Config& config, rules::RuleSelection& selection) const {
    const rules::Rule* rule = rules::find_rule("base-image-digest-unpinned");
    if (rule == nullptr || selection.find(rule) != nullptr || !options_.select.empty()) return;
    for (const std::string& name : options_.ignore) {
      const rules::ResolvedName r = rules::resolve_rule_name(name);
      if (std::find(r.rules.begin(), r.rules.end(), rule) != r.rules.end()) return;
    }
    if (const auto it = config.rules.find(rule->info.slug);
        it != config.rules.end() && it->second.enabled && !*it->second.enabled) {
      return;
    }
    const auto it = config.rules.find(rule->info.slug);
    const bool own = it != config.rules.end() && it->second.severity;
    selection.rules.push_back({rule, own ? *it->second.severity : rule->info.severity});
  }
};

// The digests the pin-slim-tag rewrite pins base images by: only with --unsafe-fixes (the
// rewrite is an unsafe fix); from the resolver's cache, or with --pin-digests from the
// registries. nullptr: no digests.
std::shared_ptr<registry::DigestPinner> make_pinner(const CheckOptions& options) {
  if (!options.fix || !options.unsafe_fixes) return nullptr;
  std::vector<std::string> warnings;
  registry::ResolverOptions resolver = registry::ResolverOptions::from_environment(&warnings);
  resolver.user_agent = "whalesafe/" WHALESAFE_VERSION " (fix)";
  resolver.offline = !options.pin_digests;
  if (options.registry_timeout) {
    resolver.timeout =
        std::chrono::milliseconds(static_cast<long long>(*options.registry_timeout * 1000));
  }
  if (options.pin_digests) {
    for (const std::string& w : warnings) std::cerr << "whalesafe: warning: " << w << '\n';
  }
  return std::make_shared<registry::DigestPinner>(std::move(resolver));
}

// Applies the fixes to `text` and, unless --diff or standard input, writes the file. `text`
// becomes what is on disk afterwards (the original when nothing could be written). Returns the
// findings on that text when the fix engine already computed them (its last round).
std::optional<fixes::FixOutcome::Analysis> fix_one(Job& job, const CheckOptions& options,
                                                   const rules::RuleSettings& settings,
                                                   PendingDirectorySyncs& syncs,
                                                   shell::ParseCache& shells, std::string& text) {
  const std::string shown = job.path == "-" ? "<stdin>" : job.path;
  const fixes::FixOptions fix_options{.include_unsafe = options.unsafe_fixes,
                                      .fix_errors = options.fix_errors,
                                      .shell_cache = &shells};
  fixes::FixOutcome outcome = fixes::fix_text(text, job.setup->selection, settings, fix_options);
  if (outcome.refusal == fixes::Refusal::kSyntaxErrors) {
    job.notices.push_back(
        fmt::format("{}: not fixed: it has syntax errors ({}); --fix-errors fixes it anyway", shown,
                    outcome.refusal_detail));
  }
  if (!outcome.converged) {
    job.notices.push_back(fmt::format(
        "{}: warning: the fixes were still changing the file after {} rounds; stopped there", shown,
        outcome.rounds));
  }
  if (outcome.rejected > 0) {
    job.notices.push_back(fmt::format(
        "{}: warning: {} fix{} left out because {} made the file parse worse (a whalesafe bug: "
        "please report it)",
        shown, outcome.rejected, outcome.rejected == 1 ? " was" : "es were",
        outcome.rejected == 1 ? "it" : "they"));
  }
  if (options.diff) {
    job.diff = unified_diff(text, outcome.text, shown);
  } else if (job.path == "-") {
    job.fixed_stdin = outcome.text;
  } else if (outcome.text != text) {
    if (std::optional<std::string> error =
            replace_file_contents(job.path, text, outcome.text, &syncs)) {
      job.write_error = std::move(error);
      return std::nullopt;  // nothing applied: report the file as it is
    }
  }
  job.applied = std::move(outcome.applied);
  text = std::move(outcome.text);
  return std::move(outcome.final_analysis);
}

// `shells`: the run's shell parses, shared by every file and worker (ParseCache is
// thread-safe).
void check_one(Job& job, const CheckOptions& options, const rules::DigestLookup& digests,
               PendingDirectorySyncs& syncs, shell::ParseCache& shells) {
  std::string text;
  const std::size_t max_bytes = options.max_file_bytes.value_or(
      job.setup->config.max_file_bytes.value_or(config::kDefaultMaxFileBytes));
  if (std::optional<std::string> error = read_dockerfile(job.path, text, max_bytes)) {
    job.error = std::move(error);
    return;
  }
  const std::string shown = job.path == "-" ? "<stdin>" : job.path;
  rules::RuleSettings settings = job.setup->config.settings;
  if (job.path != "-") settings.dockerfile_path = job.path;
  if (options.date) settings.eol_date = options.date;  // --date wins over eol-date
  settings.digest_lookup = digests;
  try {
    // After --fix the engine's last round analysed exactly this text: its findings are the
    // report (analysing again would cost a third of the run).
    std::optional<fixes::FixOutcome::Analysis> fixed;
    if (options.fix) fixed = fix_one(job, options, settings, syncs, shells, text);
    if (fixed) {
      job.report = make_report(shown, fixed->document, std::move(fixed->diagnostics));
    } else {
      const syntax::Document doc(std::move(text), syntax::ParseOptions{kParseTimeoutMicros});
      job.report = make_report(shown, doc,
                               rules::check_document(doc, job.setup->selection, settings,
                                                     rules::Reuse{.shell_cache = &shells}));
    }
  } catch (const syntax::ParseError& e) {
    job.error = fmt::format("{}: {}", shown, e.what());
  } catch (const std::exception& e) {
    // On a worker thread an escaping exception would end the process: report it per file.
    job.error = fmt::format("{}: internal error: {}", shown, e.what());
    job.internal = true;
  }
}

// Long runs show how far they are on a terminal's standard error (never in a pipe or a log).
constexpr std::size_t kProgressMinFiles = 50;

class Progress {
 public:
  explicit Progress(std::size_t total)
      : total_(total), enabled_(total >= kProgressMinFiles && isatty(STDERR_FILENO) == 1) {}
  void done_one() {
    if (!enabled_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    std::cerr << fmt::format("\rwhalesafe: checked {}/{} files", done_, total_) << std::flush;
  }
  ~Progress() {
    if (enabled_) std::cerr << "\r\x1b[K" << std::flush;  // erase the progress line
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  std::size_t total_;
  bool enabled_;
  std::size_t done_ = 0;
  std::mutex mutex_;
};

// Checks every job, on up to one thread per core (two when fixing files in place: a worker
// waits for the disk to take each fixed file, and another keeps its core busy meanwhile).
// Renames made by --fix reach the disk (their directories flushed) before it returns.
void check_all(std::vector<Job>& jobs, const CheckOptions& options,
               const rules::DigestLookup& digests) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned per_core = options.fix && !options.diff ? 2 : 1;
  const std::size_t workers = std::min<std::size_t>(cores * per_core, jobs.size());
  PendingDirectorySyncs syncs;
  shell::ParseCache shells(shell::kSharedCacheEntries);
  Progress progress(jobs.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      check_one(jobs[i], options, digests, syncs, shells);
      progress.done_one();
    }
  };
  if (workers <= 1) {
    work();
    return;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < workers; ++t) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();
}

// `--show-fixes`: the fixes applied to one file, counted per rule and description.
std::string list_fixes(const Job& job) {
  std::map<std::pair<std::string, std::string>, std::size_t> counts;
  for (const fixes::AppliedFix& f : job.applied) ++counts[{f.rule, f.description}];
  std::string out = fmt::format("{}:\n", job.path == "-" ? "<stdin>" : job.path);
  for (const auto& [key, n] : counts) {
    out += fmt::format("  {:>3} x {} ({})\n", n, key.first, key.second);
  }
  return out;
}

bool use_color(ColorMode mode) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
}

}  // namespace

int run_check_command(const std::vector<std::string>& args) {
  auto parsed = parse_check_options(args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    std::cerr << "whalesafe check: " << error->message << "\n" << kCheckUsage;
    return kExitUsage;
  }
  const CheckOptions& options = std::get<CheckOptions>(parsed);
  if (options.help) {
    std::cout << kCheckUsage;
    return kExitOk;
  }
  // Names on the command line are checked once, before any work.
  const config::SelectionResult validated =
      config::select_rules(config::Config{}, options.select, options.ignore);
  if (!validated.unknown_names.empty()) {
    std::cerr << fmt::format("whalesafe check: unknown rule '{}'\n",
                             validated.unknown_names.front());
    return kExitUsage;
  }
  if (std::count(options.paths.begin(), options.paths.end(), "-") > 1) {
    std::cerr << "whalesafe check: standard input ('-') can be read only once\n";
    return kExitUsage;
  }

  bool io_error = false;
  const Discovered discovered = discover(options.paths);
  for (const std::string& e : discovered.errors) {
    std::cerr << "whalesafe: " << e << '\n';
    io_error = true;
  }

  if (discovered.files.empty() && discovered.errors.empty()) {
    std::cerr << "whalesafe: warning: no Dockerfiles found (Dockerfile, Containerfile, "
                 "*.Dockerfile, Dockerfile.*)\n";
  }

  SetupCache setups(options);
  std::vector<Job> jobs;
  try {
    for (const std::string& path : discovered.files) {
      jobs.push_back(Job{.path = path, .setup = setups.for_file(path)});
    }
  } catch (const config::ConfigError& e) {
    std::cerr << "whalesafe: " << e.what() << '\n';
    return kExitUsage;
  }
  const std::shared_ptr<registry::DigestPinner> pinner = make_pinner(options);
  check_all(jobs, options, pinner ? registry::digest_lookup(pinner) : rules::DigestLookup{});
  if (pinner) {
    for (const std::string& failure : pinner->failures()) {
      std::cerr << "whalesafe: warning: not pinned by digest: " << failure << '\n';
    }
  }

  std::vector<FileReport> reports;
  bool failed = false;
  std::size_t fixed = 0;
  bool internal_error = false;
  std::string diffs;
  std::optional<std::string> fixed_stdin;
  std::string fix_listing;
  for (Job& job : jobs) {
    for (const std::string& notice : job.notices) std::cerr << "whalesafe: " << notice << '\n';
    if (job.write_error) {
      std::cerr << "whalesafe: " << *job.write_error << '\n';
      io_error = true;
    }
    if (job.error) {
      std::cerr << "whalesafe: " << *job.error << '\n';
      (job.internal ? internal_error : io_error) = true;
      continue;
    }
    fixed += job.applied.size();
    if (options.show_fixes && !job.applied.empty()) fix_listing += list_fixes(job);
    diffs += job.diff;
    if (job.fixed_stdin) fixed_stdin = std::move(job.fixed_stdin);
    failed = failed || !job.diff.empty();
    const config::Config& cfg = job.setup->config;
    const bool never_fail = options.threshold ? false : (options.never_fail || cfg.never_fail);
    const findings::Severity threshold =
        options.threshold.value_or(cfg.failure_threshold.value_or(kDefaultThreshold));
    for (const ReportedFinding& f : job.report.findings) {
      failed = failed || (!never_fail && findings::at_least(f.diagnostic.severity, threshold));
    }
    reports.push_back(std::move(job.report));
  }

  if (options.diff) {
    // Only the diff on standard output, so that it can be piped to `patch -p1` or `git apply`.
    std::cout << diffs;
  } else {
    // With `--fix -`, standard output is the fixed Dockerfile and the report moves to stderr.
    if (fixed_stdin) std::cout << *fixed_stdin << std::flush;
    std::ostream& out = fixed_stdin ? std::cerr : std::cout;
    const bool color = use_color(options.color) && !fixed_stdin;
    switch (options.format) {
      case ReportFormat::kText:
        write_text(out, reports, ReportOptions{color});
        break;
      case ReportFormat::kJson:
        write_json(out, reports);
        break;
      case ReportFormat::kSarif:
        write_sarif(out, reports);
        break;
      case ReportFormat::kCheckstyle:
        write_checkstyle(out, reports);
        break;
      case ReportFormat::kGitlab:
        write_gitlab(out, reports);
        break;
    }
  }
  std::cout.flush();
  // On stderr, so that machine-readable formats on stdout stay clean.
  if (options.fix) {
    std::cerr << fix_listing;
    std::cerr << fmt::format("{} {} problem{}.\n", options.diff ? "Would fix" : "Fixed", fixed,
                             fixed == 1 ? "" : "s");
  }
  if (internal_error) return kExitInternal;
  if (io_error) return kExitUsage;
  return failed ? kExitFailure : kExitOk;
}

int run_fix_command(const std::vector<std::string>& args) {
  std::vector<std::string> with_fix{"--fix"};
  with_fix.insert(with_fix.end(), args.begin(), args.end());
  return run_check_command(with_fix);
}

}  // namespace whalesafe::cli
