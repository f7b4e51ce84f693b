// tls-verification-disabled: TLS certificate verification turned off, by an option (`curl -k`,
// `wget --no-check-certificate`, `pip --trusted-host`), a setting written in a RUN
// (`git config http.sslVerify false`, `npm config set strict-ssl false`, `sslverify=0` in a yum
// repository file) or an environment variable (`NODE_TLS_REJECT_UNAUTHORIZED=0`).
#include <fmt/format.h>

#include "rules/copied_settings.h"
#include "rules/flag_removal.h"
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
  static const std::vector<SettingSpec> specs = {
      {"sslverify", kFalsy},          // yum/dnf repository files and --setopt, git http.sslVerify
      {"strict-ssl", kFalsy},         // npm, yarn
      {"enableStrictSsl", kFalsy},    // yarn berry
      {"check_certificate", kFalsy},  // wgetrc
      {"check-certificate", kFalsy},  // wget -e
      {"ssl_verify", kFalsy},         // conda
      {"ssl_verify_mode", {"0"}},     // gem (OpenSSL::SSL::VERIFY_NONE)
      {"verify_ssl", kFalsy},         // Pipfile
      {"tls-verify", kFalsy},         // podman, skopeo, buildah
      {"disable-tls", kTruthy},       // composer
      {"trusted-host", {}},           // pip.conf, pip config set
      {"Verify-Peer", kFalsy},        // apt: Acquire::https::Verify-Peer "false"
      {"Verify-Host", kFalsy},        // apt
  };
  return specs;
}

// Options of any program that turn verification off (kubectl, helm, aws).
bool is_insecure_option(std::string_view word) {
  return word == "--insecure-skip-tls-verify" || word == "--no-verify-ssl" ||
         word == "--skip-tls-verify";
}

// What an environment variable set to `value` turns off, or "" when it turns nothing off.
std::string_view variable_effect(std::string_view name, const std::optional<std::string>& value) {
  const auto falsy = [&] {
    if (!value) return false;
    for (std::string_view f : kFalsy) {
      if (iequals(*value, f)) return true;
    }
    return false;
  };
  // git disables verification when the variable is set at all, whatever its value.
  if (name == "GIT_SSL_NO_VERIFY") return "git";
  if (name == "NODE_TLS_REJECT_UNAUTHORIZED" && value == "0") return "Node.js";
  if (name == "PYTHONHTTPSVERIFY" && value == "0") return "Python's standard library";
  if (name == "GOINSECURE" && value && !value->empty()) return "the go command";
  if (name == "PIP_TRUSTED_HOST" && value && !value->empty()) return "pip";
  if (iequals(name, "NPM_CONFIG_STRICT_SSL") && falsy()) return "npm";
  if (name == "YARN_ENABLE_STRICT_SSL" && falsy()) return "yarn";
  if (name == "CONDA_SSL_VERIFY" && falsy()) return "conda";
  return "";
}

// A URL written as one variable (`"${HEALTHCHECK_URL}"`) takes its ENV/ARG value.
std::string resolve_url(const RuleContext& ctx, TSNode instruction, std::string_view text) {
  return variable_word_value(ctx, instruction, text).value_or(std::string(text));
}

// Operands that are URLs (`scheme://...`) are all on localhost. Other operands may be the
// values of options the reader does not know (wget -Y off).
bool all_loopback(const RuleContext& ctx, TSNode instruction, const shell::Invocation& inv) {
  bool any = false;
  for (const shell::Span& u : inv.urls) {
    const std::string url = resolve_url(ctx, instruction, u.text);
    if (url.find("://") == std::string::npos) continue;
    if (!is_loopback_url(url)) return false;
    any = true;
  }
  return any;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  ReportedRanges reported;
  const std::string_view doc = ctx.document().text();
  const char escape = ctx.directives().escape;
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    if (!runs_in_posix_shell(ctx, shell.source.instruction)) continue;
    for (const shell::Invocation& inv : ctx.invocations(shell)) {
      for (const shell::Flag& f : inv.flags) {
        const bool insecure = f.canonical == "insecure";
        const bool trusted_host =
            f.canonical == "trusted-host" || f.spelling == "--allow-insecure-host";
        if (!insecure && !trusted_host) continue;
        // A health check against a local self-signed endpoint never leaves the machine.
        if (insecure && all_loopback(ctx, shell.source.instruction, inv)) continue;
        const shell::MappedRange& at = f.span.doc;
        if (!reported.take(at.covering.start, at.covering.end)) continue;
        std::optional<findings::Fix> fix;
        if (const auto edit = flag_removal(doc, f, escape)) {
          fix = findings::Fix{
              fmt::format("Remove '{}'", f.spelling), findings::Applicability::kUnsafe, {*edit}};
        }
        std::string message =
            trusted_host ? fmt::format(
                               "'{}' lets {} use the host over plain HTTP or with an invalid "
                               "certificate: anyone on the network path can replace the packages",
                               f.spelling, shell::manager_name(inv.manager))
                         : fmt::format(
                               "'{}' turns off TLS certificate verification for {}: anyone on "
                               "the network path can replace what it downloads",
                               f.spelling, shell::manager_name(inv.manager));
        reporter.report(at.covering.start, at.covering.end, std::move(message), std::move(fix));
      }
    }
    for (const shell::Command& command : shell.script.commands) {
      for (const shell::Word& w : command.args) {
        if (!w.is_static() || !is_insecure_option(*w.value)) continue;
        if (!reported.take(w.doc.covering.start, w.doc.covering.end)) continue;
        std::optional<findings::Fix> fix;
        if (const auto edit = word_removal(doc, w.doc, escape)) {
          fix = findings::Fix{
              fmt::format("Remove '{}'", *w.value), findings::Applicability::kUnsafe, {*edit}};
        }
        reporter.report(w.doc.covering.start, w.doc.covering.end,
                        fmt::format("'{}' turns off TLS certificate verification", *w.value),
                        std::move(fix));
      }
    }
    for (const ScriptSetting& s : script_settings(shell, setting_specs())) {
      if (!reported.take(s.doc.covering.start, s.doc.covering.end)) continue;
      const bool trusted_host = setting_specs()[s.spec].key == "trusted-host";
      reporter.report(s.doc.covering.start, s.doc.covering.end,
                      trusted_host
                          ? fmt::format("'{}' lets pip use the host over plain HTTP or "
                                        "with an invalid certificate",
                                        s.text)
                          : fmt::format("'{}' turns off TLS certificate verification", s.text));
    }
  }
  for (const CopiedSetting& s : copied_settings(ctx, setting_specs())) {
    if (!reported.take(s.start, s.end)) continue;
    reporter.report(s.start, s.end,
                    fmt::format("'{}' turns off TLS certificate verification", s.text));
  }
  for (const VariableSetting& v : variable_settings(ctx)) {
    const std::string_view effect = variable_effect(v.name, v.value);
    if (effect.empty() || !reported.take(v.start, v.end)) continue;
    const std::string message =
        v.name == "GIT_SSL_NO_VERIFY"
            ? std::string(
                  "GIT_SSL_NO_VERIFY turns off TLS certificate verification for git "
                  "whatever its value")
            : fmt::format("{} turns off TLS certificate verification for {}", v.name, effect);
    reporter.report(v.start, v.end, message);
  }
}

}  // namespace

const Rule& rule_tls_verification_disabled() {
  static const Rule rule{
      {.slug = "tls-verification-disabled",
       .summary = "Do not turn off TLS certificate verification",
       .severity = Severity::kError,
       .aliases = {"CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5",
                   "CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_13", "CKV2_DOCKER_14",
                   "CKV2_DOCKER_15", "CKV2_DOCKER_16"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports what turns off TLS certificate verification: options "
                       "(`curl -k`/`--insecure`, `wget --no-check-certificate`, `pip "
                       "--trusted-host`, `go get -insecure`, `--insecure-skip-tls-verify`), "
                       "settings written in `RUN` (`git config http.sslVerify false`, `npm` or "
                       "`yarn config set strict-ssl false`, `sslverify=0` in a yum/dnf "
                       "repository file written by `echo` or `sed`, `check_certificate = off` "
                       "for wget, `trusted-host` in pip.conf; also in files created by a `COPY` "
                       "heredoc) and environment variables set by "
                       "`ENV`, `ARG` or in the shell (`GIT_SSL_NO_VERIFY` with any value, "
                       "`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GOINSECURE`, "
                       "`PIP_TRUSTED_HOST`, `NPM_CONFIG_STRICT_SSL=false`). A `curl -k` whose "
                       "URLs are all on localhost is not reported.",
               .why = "Without certificate verification, HTTPS is no better than HTTP: anyone "
                      "on the network path (a proxy, a compromised router, a hostile Wi-Fi) "
                      "can serve a modified binary, script or package, and the build installs "
                      "it. Variables set by `ENV` stay in the image and weaken every "
                      "connection the container makes at run time too.",
               .example = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz -C /opt\n"
                          "ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
               .instead = "FROM debian:bookworm-slim\n"
                          "COPY corp-root-ca.crt /usr/local/share/ca-certificates/\n"
                          "RUN update-ca-certificates \\\n"
                          " && curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt\n",
               .fix = "Removes the option (`-k` from a cluster such as `-fsSLk`, or the "
                      "whole word with `--trusted-host` and its value). Unsafe: when the "
                      "server's certificate is really not trusted (a private CA, a proxy "
                      "that intercepts TLS), the build then fails until that CA is "
                      "installed. Settings and variables are not rewritten."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
