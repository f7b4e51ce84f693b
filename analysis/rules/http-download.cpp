// http-download: files and package indexes fetched over plain HTTP during the build: curl/wget
// URLs, `ADD http://...`, package manager indexes and packages (`pip --index-url http://`,
// `apk --repository http://`, `npm config set registry http://`), repositories written into
// configuration (`deb http://...`, `baseurl=http://...`, `/etc/apk/repositories`) and git
// remotes.
#include <fmt/format.h>

#include <array>

#include "rules/copied_settings.h"
#include "rules/node_util.h"
#include "rules/posix_shell.h"
#include "rules/reported_ranges.h"
#include "rules/rule_context.h"
#include "rules/script_settings.h"
#include "rules/url_util.h"
#include "rules/variable_settings.h"
#include "rules/variable_word.h"
#include "shell/command_queries.h"
#include "shell/invocations.h"

namespace whalesafe::rules {
namespace {

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<std::string_view> kHttp = {"http://"};
  static const std::vector<SettingSpec> specs = {
      {"deb", kHttp, true, true},  // apt sources, options in brackets allowed
      {"deb-src", kHttp, true, true},
      {"baseurl", kHttp, true},  // yum/dnf/zypper repository files
      {"mirrorlist", kHttp, true},
      {"metalink", kHttp, true},
      {"index-url", kHttp, true},  // pip.conf, pip config set
      {"extra-index-url", kHttp, true},
      {"find-links", kHttp, true},
      {"registry", kHttp, true},  // .npmrc, npm/yarn config set
  };
  return specs;
}

// Invocation options whose value is where packages come from.
bool is_source_option(std::string_view canonical) {
  static constexpr std::array<std::string_view, 6> kOptions{
      "index-url", "extra-index-url", "find-links", "repository", "registry", "source"};
  for (std::string_view o : kOptions) {
    if (canonical == o) return true;
  }
  return false;
}

// Programs outside the invocation tables that fetch what their arguments name.
bool fetches_arguments(std::string_view program) {
  static constexpr std::array<std::string_view, 12> kPrograms{"git",
                                                              "rpm",
                                                              "apt-key",
                                                              "add-apt-repository",
                                                              "yum-config-manager",
                                                              "helm",
                                                              "conda",
                                                              "mamba",
                                                              "svn",
                                                              "composer",
                                                              "gem",
                                                              "bundle"};
  for (std::string_view p : kPrograms) {
    if (program == p) return true;
  }
  return false;
}

bool mentions_proxy(const shell::Word& word) {
  return ascii_lower(word.raw).find("proxy") != std::string::npos;
}

// Files that list package sources.
bool is_source_list(std::string_view path) {
  return path.starts_with("/etc/apt/sources.list") || path == "/etc/apk/repositories" ||
         path.starts_with("/etc/yum.repos.d/") || path.starts_with("/etc/zypp/repos.d/") ||
         path.ends_with(".repo") || path.ends_with("pip.conf") || path.ends_with(".npmrc");
}

// Whether the command writes its data into a source list: a `>`/`>>` redirect, `tee`, or
// `sed -i` on one; `echo ... | tee -a /etc/apk/repositories` counts for the echo.
bool writes_source_list(const shell::Script& script, std::size_t index) {
  const shell::Command& command = script.commands[index];
  for (const shell::Redirect& r : command.redirects) {
    if ((r.op == ">" || r.op == ">>") && r.target && is_source_list(r.target->text())) return true;
  }
  const auto names_source_list = [](const shell::Command& c, std::string_view program) {
    const std::optional<shell::EffectiveCommand> e = shell::effective_command(c);
    if (!e || shell::program_name(e->program()) != program) return false;
    for (std::size_t i = 1; i < e->size(); ++i) {
      if (is_source_list(e->words[i]->text())) return true;
    }
    return false;
  };
  if (names_source_list(command, "sed") || names_source_list(command, "tee")) return true;
  if (command.pipeline < 0) return false;
  for (std::size_t j = index + 1; j < script.commands.size(); ++j) {
    const shell::Command& next = script.commands[j];
    if (next.pipeline == command.pipeline && next.pipe_stage > command.pipe_stage &&
        names_source_list(next, "tee")) {
      return true;
    }
  }
  return false;
}

class HttpReporter {
 public:
  HttpReporter(const RuleContext& ctx, Reporter& reporter) : ctx_(ctx), reporter_(reporter) {}

  // Reports every plain-HTTP URL in Dockerfile bytes [start, end).
  void report(uint32_t start, uint32_t end, std::string_view what) {
    const std::string_view doc = ctx_.document().text();
    for (std::optional<uint32_t> at = find_plain_http(doc, start, end); at;
         at = find_plain_http(doc, *at + 7, end)) {
      const uint32_t stop = url_end(doc, *at, end);
      const std::string_view url = doc.substr(*at, stop - *at);
      if (is_loopback_url(url) || url.size() <= 7 || !taken_.take(*at, stop)) continue;
      reporter_.report(
          *at, stop,
          fmt::format("{} '{}' is fetched over plain HTTP: anyone on the network "
                      "path can read or replace it; use https://",
                      what, url),
          findings::Fix{
              "Use https://", findings::Applicability::kUnsafe, {{*at + 4, *at + 4, "s"}}});
    }
  }
  // A URL split by a line continuation is reported from its start.
  void report(const shell::MappedRange& range, std::string_view what) {
    for (const shell::ByteRange& piece : range.pieces) report(piece.start, piece.end, what);
  }
  // A download from a variable (`wget "$REDIS_DOWNLOAD_URL"`) whose ENV/ARG value is plain
  // HTTP: reported where the variable is used (the fix belongs to the ENV, so there is none).
  void report_variable(const shell::Span& url, TSNode instruction) {
    const std::optional<std::string> value = variable_word_value(ctx_, instruction, url.text);
    if (!value || !is_plain_http(*value) || is_loopback_url(*value)) return;
    const shell::ByteRange at = url.doc.covering;
    if (at.empty() || !taken_.take(at.start, at.end)) return;
    reporter_.report(at.start, at.end,
                     fmt::format("download '{}' is fetched over plain HTTP ({}): anyone on the "
                                 "network path can read or replace it; use https://",
                                 *value, url.text));
  }

 private:
  const RuleContext& ctx_;
  Reporter& reporter_;
  ReportedRanges taken_;
};

// Where a command of a script may name a URL the build fetches, in the shell text: the
// arguments of programs that fetch them, and the data a command writes into a package source
// list.
struct CommandRange {
  shell::ByteRange range;
  std::string_view what;
};

std::vector<CommandRange> command_ranges(const shell::Script& script) {
  std::vector<CommandRange> out;
  for (std::size_t i = 0; i < script.commands.size(); ++i) {
    const shell::Command& command = script.commands[i];
    const std::optional<shell::EffectiveCommand> e = shell::effective_command(command);
    if (e && fetches_arguments(shell::program_name(e->program()))) {
      for (std::size_t w = 1; w < e->size(); ++w) {
        // A proxy (`git config http.proxy http://...`) carries TLS inside plain HTTP.
        if (mentions_proxy(*e->words[w]) || mentions_proxy(*e->words[w - 1])) continue;
        out.push_back({e->words[w]->range, "source"});
      }
    }
    if (writes_source_list(script, i)) {
      for (const shell::ByteRange& r : data_ranges(command)) out.push_back({r, "package source"});
    }
  }
  return out;
}

void check_shell(const RuleContext& ctx, const shell::AnalyzedShell& shell, HttpReporter& http) {
  for (const shell::Invocation& inv : ctx.invocations(shell)) {
    const bool download =
        inv.manager == shell::Manager::kCurl || inv.manager == shell::Manager::kWget;
    // rpm's package files and keys are reported below as `rpm` sources.
    if (inv.manager == shell::Manager::kRpm) continue;
    // Other tools' URLs (zypper addrepo) are among their operands, reported below.
    for (const shell::Span& url : inv.urls) {
      if (!download) break;
      http.report(url.doc, "download");
      http.report_variable(url, shell.source.instruction);
    }
    for (const shell::Flag& f : inv.flags) {
      if (f.value_span && is_source_option(f.canonical)) {
        http.report(f.value_span->doc, "package index");
      }
    }
    if (download) continue;
    for (const shell::Package& p : inv.packages) http.report(p.span.doc, "package");
    for (const shell::Span& o : inv.operands) http.report(o.doc, "package source");
  }
  // The shell ranges to look for URLs in, found once per shell text (a fact of the shared
  // parse: most RUNs did not change since the last analysis), mapped here.
  static const char kRanges = 0;
  const std::vector<CommandRange>& ranges = shell.parsed->derived<std::vector<CommandRange>>(
      &kRanges, [&] { return command_ranges(shell.parsed->script()); });
  for (const CommandRange& r : ranges) http.report(shell.source.map.to_document(r.range), r.what);
  for (const ScriptSetting& s : script_settings(shell, setting_specs())) {
    http.report(s.doc, "package source");
  }
}

// Environment variables that name where packages come from.
bool is_index_variable(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames{"PIP_INDEX_URL",
                                                           "PIP_EXTRA_INDEX_URL",
                                                           "PIP_FIND_LINKS",
                                                           "UV_INDEX_URL",
                                                           "UV_EXTRA_INDEX_URL",
                                                           "UV_DEFAULT_INDEX",
                                                           "UV_INDEX",
                                                           "NPM_CONFIG_REGISTRY",
                                                           "YARN_REGISTRY",
                                                           "YARN_NPM_REGISTRY_SERVER",
                                                           "GOPROXY",
                                                           "CARGO_REGISTRIES_CRATES_IO_INDEX"};
  for (std::string_view n : kNames) {
    if (iequals(name, n)) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  HttpReporter http(ctx, reporter);
  for (const VariableSetting& v : variable_settings(ctx)) {
    if (is_index_variable(v.name)) http.report(v.start, v.end, "package index");
  }
  for (TSNode i : ctx.instructions_of_type("add_instruction")) {
    std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (!operands.empty()) operands.pop_back();  // the destination
    for (const PathOperand& o : operands) {
      http.report(ts_node_start_byte(o.node), ts_node_end_byte(o.node), "ADD source");
    }
  }
  for (const CopiedSetting& s : copied_settings(ctx, setting_specs())) {
    http.report(s.start, s.end, "package source");
  }
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    // What runs at build time; a CMD or HEALTHCHECK fetching a URL is the application's
    // business.
    if (shell.source.keyword == "RUN" && runs_in_posix_shell(ctx, shell.source.instruction)) {
      check_shell(ctx, shell, http);
    }
  }
}

}  // namespace

const Rule& rule_http_download() {
  static const Rule rule{
      {.slug = "http-download",
       .summary = "Fetch files and package indexes over HTTPS, not plain HTTP",
       .severity = Severity::kWarning,
       .aliases = {},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports `http://` URLs the build fetches from: `curl`/`wget` "
                       "downloads, `ADD` sources, package indexes and packages given to "
                       "package managers (`pip --index-url`, `apk --repository`, `npm "
                       "--registry`, `gem --source`, `pip install http://...`, `dnf install "
                       "http://...rpm`), `git clone`, `rpm`, `add-apt-repository` and "
                       "`helm` arguments, and package sources written into configuration "
                       "(`deb http://...`, `baseurl=http://...`, `index-url`, `registry`, "
                       "lines added to `/etc/apk/repositories`, also in files created by a `COPY` "
                       "heredoc), and package index variables (`PIP_INDEX_URL`, "
                       "`NPM_CONFIG_REGISTRY`, `GOPROXY`, ...) set by `ENV`, `ARG` or the shell. "
                       "URLs on localhost are not "
                       "reported, nor `CMD`/`HEALTHCHECK` commands, which run in the "
                       "container rather than in the build.",
               .why = "Plain HTTP has no integrity or authenticity: a proxy, a mirror or "
                      "anyone on the network path can read the traffic and replace a binary, "
                      "a script or a package index. Signed package indexes (apt, apk) still "
                      "reject altered packages, but an attacker can hide security updates "
                      "by replaying an old index, and can learn exactly what the image "
                      "installs.",
               .example = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLo /usr/local/bin/tool http://example.com/tool\n",
               .instead = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool\n",
               .fix = "Replaces `http://` with `https://`. Unsafe: the server may not serve "
                      "HTTPS, or serve it under another name."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
