// package-unpinned: packages installed without a version, so each build may install another
// one.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

using shell::Manager;

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view x) { return s.ends_with(x); });
}

// A word that names a file, directory or URL rather than a package of the repository.
bool is_location(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.starts_with('.') || s.starts_with('/') ||
         s.starts_with('~') || s.starts_with("git+") || s.starts_with("file:");
}

// How to write a pinned package for this tool, for the message.
std::string_view pin_example(Manager m) {
  switch (m) {
    case Manager::kAptGet:
    case Manager::kApt:
    case Manager::kApk:
    case Manager::kZypper:
      return "name=version";
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return "name-version";
    case Manager::kPip:
      return "name==version";
    case Manager::kNpm:
    case Manager::kGo:
      return "name@version";
    case Manager::kGem:
      return "name:version";
    default:
      return "a version";
  }
}

// Whether the invocation installs packages that should carry a version.
bool installs(const shell::Invocation& inv) {
  const std::string& a = inv.action;
  switch (inv.manager) {
    case Manager::kAptGet:
    case Manager::kApt:
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return a == "install";
    case Manager::kApk:
      return a == "add";
    case Manager::kZypper:
      return a == "install" || a == "in";
    case Manager::kPip:
      return a == "install" && !inv.has_flag("constraint");
    case Manager::kNpm:
      return a == "install" || a == "i" || a == "add";
    case Manager::kGem:
      return a == "install" || a == "i";
    case Manager::kGo:
      return a == "install" || a == "get";
    default:
      return false;
  }
}

// Package words that are not repository packages of the tool.
bool skipped(const shell::Invocation& inv, const shell::Package& p) {
  const std::string_view s = p.spec;
  if (s.empty() || is_location(s)) return true;
  switch (inv.manager) {
    case Manager::kAptGet:
    case Manager::kApt:
      // `pkg/bookworm-backports` picks a release; `*.deb` is a file.
      return s.find('/') != std::string_view::npos || s.ends_with(".deb");
    case Manager::kApk:
      return s.ends_with(".apk");
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      // `@group`, module and provides forms, files.
      return s.starts_with('@') || s.ends_with(".rpm") || s.find('(') != std::string_view::npos ||
             s.find('/') != std::string_view::npos;
    case Manager::kZypper:
      return s.ends_with(".rpm") || s == "pattern" || s == "patch" || s == "product" ||
             s.find(':') != std::string_view::npos;
    case Manager::kPip: {
      // Archives, direct references (`name @ url`), local directories.
      if (ends_with_any(s, {".whl", ".tar.gz", ".zip", ".tgz"})) return true;
      if (s.find('@') != std::string_view::npos || s.find('/') != std::string_view::npos) {
        return true;
      }
      // `pip install --upgrade pip setuptools wheel`: refreshing the installer itself.
      const bool tool = p.name == "pip" || p.name == "setuptools" || p.name == "wheel";
      return tool && inv.has_flag("upgrade");
    }
    case Manager::kNpm:
      // Tarballs, `github:user/repo`, `user/repo` shorthands, aliases (`x@npm:y`).
      return ends_with_any(s, {".tgz", ".tar.gz"}) || s.find(':') != std::string_view::npos ||
             (!s.starts_with('@') && s.find('/') != std::string_view::npos);
    case Manager::kGem:
      return s.ends_with(".gem");
    case Manager::kGo:
      return false;
    default:
      return true;
  }
}

// Options that take a separate value but are missing from the shell layer's tables: the value
// would otherwise be read as a package (`pip install --progress-bar off x`).
bool after_valued_option(const RunInvocation& ri, const shell::Package& p) {
  static const std::vector<std::string_view> pip{"--progress-bar",
                                                 "--root-user-action",
                                                 "--platform",
                                                 "--python-version",
                                                 "--implementation",
                                                 "--abi",
                                                 "--only-binary",
                                                 "--no-binary",
                                                 "--upgrade-strategy",
                                                 "--src",
                                                 "--log",
                                                 "--timeout",
                                                 "--retries",
                                                 "--cert",
                                                 "--client-cert",
                                                 "--proxy",
                                                 "--cache-dir",
                                                 "--global-option",
                                                 "--config-settings",
                                                 "--exists-action",
                                                 "--python",
                                                 "--report"};
  static const std::vector<std::string_view> npm{"--loglevel", "--location", "--workspace", "-w"};
  const auto* list = ri.inv.manager == Manager::kPip   ? &pip
                     : ri.inv.manager == Manager::kNpm ? &npm
                                                       : nullptr;
  if (list == nullptr) return false;
  const shell::Command& c = ri.command();
  const shell::Word* previous = c.name ? &*c.name : nullptr;
  for (const shell::Word& w : c.args) {
    if (w.range == p.span.range) {
      return previous != nullptr &&
             std::find(list->begin(), list->end(), previous->text()) != list->end();
    }
    previous = &w;
  }
  return false;
}

bool floating_tag(std::string_view version) {
  return version == "latest" || version == "master" || version == "main" || version == "HEAD";
}

// `go run pkg@latest args...`: the first operand is the program, fetched at that version (the
// shell layer does not read `go run` operands as packages: the later ones are its arguments).
void check_go_run(const shell::Invocation& inv, Reporter& reporter) {
  if (inv.manager != Manager::kGo || inv.action != "run" || inv.operands.empty()) return;
  const shell::Span& program = inv.operands.front();
  const std::size_t at = program.text.rfind('@');
  if (at == std::string::npos || at == 0 || program.doc.pieces.empty()) return;
  const std::string version = program.text.substr(at + 1);
  if (!floating_tag(version)) return;
  reporter.report(program.doc.covering.start, program.doc.covering.end,
                  fmt::format("'{}' asks for '{}', which moves with every release; pin a "
                              "version ({})",
                              program.text, version, pin_example(Manager::kGo)));
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      check_go_run(inv, reporter);
      if (!installs(inv)) continue;
      for (const shell::Package& p : inv.packages) {
        if (p.span.doc.pieces.empty() || skipped(inv, p) || after_valued_option(ri, p)) continue;
        const bool at_style = inv.manager == Manager::kNpm || inv.manager == Manager::kGo;
        if (p.version) {
          if (!at_style || !floating_tag(*p.version)) continue;
          reporter.report(p.span.doc.covering.start, p.span.doc.covering.end,
                          fmt::format("'{}' asks for '{}', which moves with every release; pin "
                                      "a version ({})",
                                      p.spec, *p.version, pin_example(inv.manager)));
          continue;
        }
        // `go install pkg` builds the version the module's go.mod requires; `go get pkg`
        // without a version takes the newest one. Meta-patterns (`go get tool`) name no module.
        if (inv.manager == Manager::kGo &&
            (inv.action != "get" || p.spec == "tool" || p.spec == "all" || p.spec == "std" ||
             p.spec == "cmd")) {
          continue;
        }
        // A word only the shell knows (`$PACKAGES`) may carry versions.
        if (p.spec.find('$') != std::string::npos || p.spec.find('`') != std::string::npos) {
          continue;
        }
        reporter.report(p.span.doc.covering.start, p.span.doc.covering.end,
                        fmt::format("'{}' is installed without a version, so each build may "
                                    "get a different one; pin it ({} {}: {})",
                                    p.name, shell::manager_name(inv.manager), inv.action,
                                    pin_example(inv.manager)));
      }
    }
  }
}

}  // namespace

const Rule& rule_package_unpinned() {
  static const Rule rule{
      {.slug = "package-unpinned",
       .summary = "Pin the versions of installed packages",
       .severity = Severity::kInfo,
       .aliases = {"DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041",
                   "DL3062"},
       .fix = FixKind::kNone,
       .doc = {.what = "Reports each package installed without a version by `apt-get`/`apt "
                       "install`, `apk add`, `pip install`, `npm install`, `gem install`, "
                       "`yum`/`dnf`/`microdnf install` and `zypper install`, underlining the "
                       "package, `go get` of a module without a version, and `go install`/`go "
                       "get`/`go run`/`npm install` of `@latest` (or a branch); `go install pkg` "
                       "without a version builds what the module's go.mod requires and is not "
                       "reported. Any version counts, including one from a variable "
                       "(`curl=${CURL_VERSION}` "
                       "with an ARG or ENV) and ranges (`flask>=2,<3`). Not reported: local "
                       "files, URLs and directories, words only the shell can expand "
                       "(`$PACKAGES`), `pip install` with a constraints file (`-c`), and "
                       "`pip install --upgrade pip setuptools wheel`.",
               .why = "Without a version, the package is whatever the repository holds on the "
                      "day of the build: two builds of the same Dockerfile differ, a new "
                      "release can break the image without any change to the code, and a "
                      "compromised release is picked up automatically. It is reported as info: "
                      "distribution mirrors drop superseded versions, so an exact `apt` or "
                      "`apk` pin also has a cost (the build fails after the next security "
                      "update until the pin is raised).",
               .example = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask "
                          "gunicorn==22.0.0\n",
               .instead = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 "
                          "gunicorn==22.0.0\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
