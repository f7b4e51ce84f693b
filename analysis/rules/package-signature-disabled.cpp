// package-signature-disabled: package managers told to install packages whose signature is
// missing or not checked: `apk --allow-untrusted`, `apt-get --allow-unauthenticated` or
// `--force-yes`, `[trusted=yes]` sources, `yum`/`dnf --nogpgcheck`, `gpgcheck=0`, `rpm
// --nosignature`, `GOSUMDB=off`.
#include <fmt/format.h>

#include <array>

#include "rules/copied_settings.h"
#include "rules/flag_removal.h"
#include "rules/node_util.h"
#include "rules/posix_shell.h"
#include "rules/reported_ranges.h"
#include "rules/rule_context.h"
#include "rules/script_settings.h"
#include "rules/variable_settings.h"
#include "shell/command_queries.h"
#include "shell/invocations.h"

namespace whalesafe::rules {
namespace {

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = {
      {"gpgcheck", kFalsy},                               // yum/dnf .repo files, --setopt
      {"pkg_gpgcheck", kFalsy},                           // dnf5's name for it
      {"trusted", {"yes"}},                               // apt sources: deb [trusted=yes]
      {"allow-insecure", {"yes"}},                        // apt sources option
      {"AllowUnauthenticated", kTruthy},                  // APT::Get::AllowUnauthenticated
      {"AllowInsecureRepositories", kTruthy},             // Acquire::AllowInsecure...
      {"AllowDowngradeToInsecureRepositories", kTruthy},  // Acquire::...
      {"SigLevel", {"Never"}},                            // pacman.conf
  };
  return specs;
}

// Options of package managers that skip signature checks, by the invocation reader's
// canonical name or spelling.
bool skips_signatures(const shell::Invocation& inv, const shell::Flag& f) {
  switch (inv.manager) {
    case shell::Manager::kApk:
      return f.canonical == "allow-untrusted";
    case shell::Manager::kAptGet:
    case shell::Manager::kApt:
      return f.canonical == "allow-unauthenticated" || f.canonical == "force-yes" ||
             f.spelling == "--allow-insecure-repositories";
    case shell::Manager::kYum:
    case shell::Manager::kDnf:
    case shell::Manager::kMicrodnf:
      return f.canonical == "nogpgcheck";
    case shell::Manager::kZypper:
      // `zypper addrepo -G` / `--no-gpgcheck` adds a repository without checks.
      return f.canonical == "no-gpg-checks" || f.spelling == "--no-gpgcheck" ||
             ((inv.action == "addrepo" || inv.action == "ar") && f.spelling == "-G");
    default:
      return false;
  }
}

bool is_rpm_skip_option(std::string_view word) {
  static constexpr std::array<std::string_view, 4> kOptions{"--nosignature", "--nodigest",
                                                            "--nofiledigest", "--noverify"};
  for (std::string_view o : kOptions) {
    if (word == o) return true;
  }
  return false;
}

std::string flag_message(std::string_view spelling, std::string_view tool) {
  if (spelling == "--force-yes") {
    return fmt::format(
        "'--force-yes' makes {} install packages whose signature cannot be "
        "verified (and allows downgrades); use '-y'",
        tool);
  }
  return fmt::format("'{}' makes {} install packages without verifying their signatures", spelling,
                     tool);
}

// `deb [trusted=yes] file:/tmp/repo ./`: a repository on the build machine itself (packages
// built in the same RUN), which nobody on the network can alter.
bool local_source_follows(std::string_view doc, const shell::MappedRange& at) {
  const std::size_t close = doc.find(']', at.covering.end);
  if (close == std::string_view::npos) return false;
  std::size_t p = close + 1;
  while (p < doc.size() && (doc[p] == ' ' || doc[p] == '\t')) ++p;
  const std::string_view rest = doc.substr(p);
  return rest.starts_with("file:") || rest.starts_with("copy:");
}

void check(const RuleContext& ctx, Reporter& reporter) {
  ReportedRanges reported;
  const std::string_view doc = ctx.document().text();
  const char escape = ctx.directives().escape;
  const auto removal_fix = [](std::string_view spelling, std::optional<findings::TextEdit> edit) {
    std::optional<findings::Fix> fix;
    if (edit) {
      fix = findings::Fix{
          fmt::format("Remove '{}'", spelling), findings::Applicability::kUnsafe, {*edit}};
    }
    return fix;
  };
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    if (!runs_in_posix_shell(ctx, shell.source.instruction)) continue;
    for (const shell::Invocation& inv : ctx.invocations(shell)) {
      for (const shell::Flag& f : inv.flags) {
        if (!skips_signatures(inv, f)) continue;
        const shell::MappedRange& at = f.span.doc;
        if (!reported.take(at.covering.start, at.covering.end)) continue;
        // --force-yes has no safe removal when it is all that makes apt proceed; -y is the
        // replacement, so the fix removes it only when -y is there too.
        const bool removable = f.canonical != "force-yes" || inv.has_flag("yes");
        reporter.report(
            at.covering.start, at.covering.end,
            flag_message(f.spelling, shell::manager_name(inv.manager)),
            removable ? removal_fix(f.spelling, flag_removal(doc, f, escape)) : std::nullopt);
      }
    }
    for (const shell::Command& command : shell.script.commands) {
      const std::optional<shell::EffectiveCommand> e = shell::effective_command(command);
      if (!e || shell::program_name(e->program()) != "rpm") continue;
      for (std::size_t i = 1; i < e->size(); ++i) {
        const shell::Word& w = *e->words[i];
        if (!w.is_static() || !is_rpm_skip_option(*w.value)) continue;
        if (!reported.take(w.doc.covering.start, w.doc.covering.end)) continue;
        reporter.report(w.doc.covering.start, w.doc.covering.end, flag_message(*w.value, "rpm"),
                        removal_fix(*w.value, word_removal(doc, w.doc, escape)));
      }
    }
    for (const ScriptSetting& s : script_settings(shell, setting_specs())) {
      if (setting_specs()[s.spec].key == "trusted" && local_source_follows(doc, s.doc)) continue;
      if (!reported.take(s.doc.covering.start, s.doc.covering.end)) continue;
      reporter.report(s.doc.covering.start, s.doc.covering.end,
                      fmt::format("'{}' turns off package signature verification", s.text));
    }
  }
  for (const CopiedSetting& s : copied_settings(ctx, setting_specs())) {
    if (setting_specs()[s.spec].key == "trusted" &&
        local_source_follows(doc, {{s.start, s.end}, {}})) {
      continue;
    }
    if (!reported.take(s.start, s.end)) continue;
    reporter.report(s.start, s.end,
                    fmt::format("'{}' turns off package signature verification", s.text));
  }
  for (const VariableSetting& v : variable_settings(ctx)) {
    if (v.name != "GOSUMDB" || !v.value || !iequals(*v.value, "off")) continue;
    if (!reported.take(v.start, v.end)) continue;
    reporter.report(v.start, v.end,
                    "GOSUMDB=off turns off the go command's checksum database, which verifies "
                    "downloaded modules");
  }
}

}  // namespace

const Rule& rule_package_signature_disabled() {
  static const Rule rule{
      {.slug = "package-signature-disabled",
       .summary = "Do not install packages without verifying their signatures",
       .severity = Severity::kError,
       .aliases = {"CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10",
                   "CKV2_DOCKER_11"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports package manager options and settings that skip signature "
                       "checks: `apk --allow-untrusted`, `apt-get`/`apt` "
                       "`--allow-unauthenticated`, `--force-yes` and "
                       "`--allow-insecure-repositories`, `yum`/`dnf`/`microdnf` `--nogpgcheck`, "
                       "`zypper --no-gpg-checks`, `rpm --nosignature`/`--nodigest`/"
                       "`--nofiledigest`/`--noverify`, and settings written in `RUN` such as "
                       "`deb [trusted=yes] ...`, `gpgcheck=0` in a repository file or "
                       "`--setopt`, `APT::Get::AllowUnauthenticated \"true\"`, pacman's "
                       "`SigLevel = Never` (also in files created by a `COPY` heredoc), and "
                       "`GOSUMDB=off` (in `ENV`, `ARG` or the shell).",
               .why = "Package signatures are what proves a package comes from its "
                      "distribution and was not modified by a mirror, a proxy or anyone on "
                      "the network path. Without them, any of those can put its own code in "
                      "the image with root rights.",
               .example = "FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted "
                          "/tmp/mytool.apk\n",
               .instead = "FROM alpine:3.20\nCOPY mytool.rsa.pub /etc/apk/keys/\n"
                          "RUN apk add --no-cache /tmp/mytool.apk\n",
               .fix = "Removes the option (`--force-yes` only when `-y` is also given). "
                      "Unsafe: packages that are really unsigned, or signed by a key the "
                      "image does not have yet, then fail to install until the key is "
                      "added. Settings and variables are not rewritten."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
