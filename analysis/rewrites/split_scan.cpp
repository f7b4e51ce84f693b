// Reading a single-stage Dockerfile for the multi-stage split. The scan is deliberately
// suspicious: every RUN command is classified (package installs, build commands, file
// operations, user setup), and anything that may leave files the runtime needs outside the
// directories the runtime stage copies, or whose output cannot be named, stops the split with
// a reason (a wrong rewrite is worse than none).
#include "rewrites/split_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "catalog/catalog.h"
#include "catalog/image_ref.h"
#include "catalog/tag.h"
#include "rules/node_util.h"
#include "rules/package_util.h"
#include "shell/command_queries.h"
#include "syntax/go_json.h"

namespace whalesafe::rewrites::split {

std::string_view language_name(Language language) {
  switch (language) {
    case Language::kGo:
      return "Go";
    case Language::kRust:
      return "Rust";
    case Language::kC:
      return "C/C++";
    case Language::kJava:
      return "Java";
    case Language::kNode:
      return "Node.js";
    case Language::kPython:
      return "Python";
  }
  return "";
}

std::string join_path(std::string_view base, std::string_view path) {
  std::string whole =
      path.starts_with('/') ? std::string(path) : std::string(base) + "/" + std::string(path);
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= whole.size()) {
    const std::size_t slash = std::min(whole.find('/', i), whole.size());
    const std::string part = whole.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

bool path_inside(std::string_view path, std::string_view root) {
  if (root == "/") return true;
  return path == root ||
         (path.starts_with(root) && path.size() > root.size() && path[root.size()] == '/');
}

namespace {

using rules::RuleContext;
using rules::RunInstruction;
using shell::Manager;

std::string lower(std::string_view s) { return rules::ascii_lower(std::string(s)); }

// Directories builds write caches and temporary files to: nothing the runtime needs.
constexpr std::string_view kScratchDirs[] = {"/tmp",
                                             "/var/tmp",
                                             "/root",
                                             "/var/lib/apt/lists",
                                             "/var/cache",
                                             "/var/log",
                                             "/go",
                                             "/usr/local/cargo",
                                             "/usr/local/rustup",
                                             "/dev",
                                             "/run",
                                             "/proc"};

// Packages only a build needs (the rule's list, and version control clients).
bool build_only_package(std::string_view name) {
  static const std::set<std::string_view> tools{"build-essential",
                                                "build-base",
                                                "gcc",
                                                "g++",
                                                "gcc-c++",
                                                "clang",
                                                "make",
                                                "cmake",
                                                "autoconf",
                                                "automake",
                                                "libtool",
                                                "musl-dev",
                                                "linux-headers",
                                                "golang",
                                                "golang-go",
                                                "go",
                                                "maven",
                                                "gradle",
                                                "rustc",
                                                "cargo",
                                                "pkg-config",
                                                "pkgconf",
                                                "ninja-build",
                                                "meson",
                                                "git",
                                                "libc6-dev",
                                                "libc-dev",
                                                "linux-libc-dev",
                                                "python3-dev",
                                                "python-dev",
                                                "upx",
                                                "upx-ucl",
                                                "binutils",
                                                "patch",
                                                "bison",
                                                "flex"};
  return tools.count(name) != 0;
}

bool dev_package(std::string_view name) {
  return name.ends_with("-dev") || name.ends_with("-devel");
}

// Environment variables that only steer a build; not repeated in the runtime stage.
bool build_only_env(std::string_view name) {
  static const std::set<std::string_view> exact{
      "CGO_ENABLED", "GOOS",           "GOARCH",     "GOARM",     "GOAMD64",
      "GOFLAGS",     "GOPROXY",        "GOPRIVATE",  "GONOSUMDB", "GOSUMDB",
      "GO111MODULE", "GOCACHE",        "GOMODCACHE", "RUSTFLAGS", "CC",
      "CXX",         "CFLAGS",         "CXXFLAGS",   "CPPFLAGS",  "LDFLAGS",
      "MAKEFLAGS",   "DEBIAN_FRONTEND"};
  return exact.count(name) != 0 || name.starts_with("CARGO_") || name.starts_with("MAVEN_") ||
         name.starts_with("GRADLE_") || name.starts_with("NPM_CONFIG_") ||
         name.starts_with("npm_config_") || name.starts_with("PIP_");
}

bool is_pip(std::string_view p) {
  return p == "pip" || p == "pip3" || (p.starts_with("pip3.") && p.size() > 5);
}
bool is_python(std::string_view p) {
  return p == "python" || p == "python3" || (p.starts_with("python3.") && p.size() > 8);
}
bool is_c_compiler(std::string_view p) {
  return p == "gcc" || p == "g++" || p == "cc" || p == "c++" || p == "clang" || p == "clang++" ||
         (p.starts_with("gcc-") && p.size() > 4) || (p.starts_with("g++-") && p.size() > 4);
}

// export/readonly/declare/local: their words are assignments, whatever tree-sitter calls them.
bool declaration_builtin(std::string_view word) {
  return word == "export" || word == "readonly" || word == "declare" || word == "local" ||
         word == "typeset";
}

class Scanner {
 public:
  Scanner(const RuleContext& ctx, std::string& why_not)
      : ctx_(ctx), model_(ctx.model()), stage_(model_.stages.front()), why_not_(why_not) {}

  std::optional<Scan> run() {
    if (!read_base() || !read_instructions() || !read_runs() || !choose_language() ||
        !read_runtime_commands() || !resolve_artifacts() || !read_packages() || !read_user() ||
        !carry_args()) {
      return std::nullopt;
    }
    std::sort(scan_.carried.begin(), scan_.carried.end(),
              [](const Scan::Carried& a, const Scan::Carried& b) {
                return ts_node_start_byte(a.node) < ts_node_start_byte(b.node);
              });
    return scan_;
  }

 private:
  bool fail(std::string reason) {
    if (why_not_.empty()) why_not_ = std::move(reason);
    return false;
  }
  std::string_view text(TSNode node) const { return ctx_.text(node); }
  const syntax::Document& doc() const { return ctx_.document(); }

  // --- the base image ------------------------------------------------------------------------
  bool read_base() {
    const model::StageBase& base = stage_.base;
    if (base.scratch) return fail("the stage is built FROM scratch: nothing to split");
    if (!base.resolved || base.word.written.find('$') != std::string::npos) {
      return fail(
          "the base image is set by a build argument, so the runtime image could not "
          "be chosen for it");
    }
    const catalog::ImageRef ref = catalog::split_reference(*base.resolved);
    if (!ref.digest.empty()) {
      return fail(
          "the base image is pinned by digest, and the runtime image could not be "
          "pinned offline as well");
    }
    scan_.base_image = *base.resolved;
    scan_.official = catalog::official_image_name(ref.name).value_or("");
    scan_.tag = ref.effective_tag();
    if (const std::optional<rules::FlagRef> p = rules::find_flag(doc(), stage_.from, "platform")) {
      const std::string flag(text(p->flag));
      // Built on the build platform (cross-compiling): the runtime is the target platform.
      if (flag.find("BUILDPLATFORM") == std::string::npos) scan_.platform_flag = flag;
    }
    return true;
  }

  // --- instructions other than RUN -----------------------------------------------------------
  bool read_instructions() {
    for (std::size_t i : stage_.instructions) {
      const model::InstructionInfo& info = model_.instructions[i];
      if (info.keyword == "workdir" && !info.words.empty()) {
        const std::string value = info.words.front().value();
        if (value.starts_with('/')) {
          workdirs_.push_back(join_path("/", value));
        } else if (info.workdir.path) {
          workdirs_.push_back(join_path(*info.workdir.path, value));
        }
      }
    }
    std::size_t last_build_step = 0;  // position of the last RUN/COPY/ADD/WORKDIR
    for (std::size_t k = 0; k < stage_.instructions.size(); ++k) {
      const std::string& kw = model_.instructions[stage_.instructions[k]].keyword;
      if (kw == "run" || kw == "copy" || kw == "add" || kw == "workdir") last_build_step = k + 1;
    }
    for (std::size_t k = 0; k < stage_.instructions.size(); ++k) {
      const model::InstructionInfo& info = model_.instructions[stage_.instructions[k]];
      const std::string& kw = info.keyword;
      if (kw == "run") {
        scan_.last_run = info.node;
        ++run_nodes_;
      } else if (kw == "copy" || kw == "add") {
        if (!read_copy(info)) return false;
      } else if (kw == "env") {
        bool runtime = false;
        for (const model::Declaration& d : info.declarations) {
          runtime = runtime || !build_only_env(d.variable.name);
        }
        if (runtime) {
          scan_.carried.push_back({info.node, false, Scan::Carried::Place::kPrelude});
        } else {
          args_.push_back(&info);  // repeated only when a repeated instruction uses it
        }
      } else if (kw == "arg") {
        args_.push_back(&info);
      } else if (kw == "user") {
        scan_.carried.push_back({info.node, k >= last_build_step, Scan::Carried::Place::kRuntime});
      } else if (kw == "cmd" || kw == "entrypoint" || kw == "healthcheck" || kw == "expose" ||
                 kw == "stopsignal" || kw == "volume" || kw == "label" || kw == "maintainer") {
        scan_.carried.push_back({info.node, true, Scan::Carried::Place::kRuntime});
      } else if (kw == "shell") {
        return fail("the stage sets a SHELL, which the split does not carry over");
      } else if (kw == "onbuild") {
        return fail("the stage has ONBUILD triggers, which belong to the build image");
      } else if (kw != "workdir") {
        return fail(fmt::format("the stage has an instruction the split does not know ('{}')",
                                rules::ascii_upper(kw)));
      }
    }
    scan_.workdir = stage_.workdir_at_end.path;
    if (scan_.workdir) workdirs_.push_back(*scan_.workdir);
    return true;
  }

  bool read_copy(const model::InstructionInfo& info) {
    const std::vector<rules::PathOperand> ops = rules::path_operands(doc(), info.node);
    if (ops.size() < 2) return true;  // heredoc COPY or broken: nothing to track
    const rules::PathOperand& dest = ops.back();
    if (rules::uses_variable(dest)) {
      return fail("a COPY destination uses a variable, so where the files go is unclear");
    }
    if (const std::optional<rules::FlagRef> f = rules::find_flag(doc(), info.node, "chown")) {
      const std::string value(text(f->value));
      if (!copy_chown_.empty() && copy_chown_ != value) {
        return fail(
            "COPY instructions give files to different owners (--chown), which a copy "
            "into the runtime stage would not keep");
      }
      copy_chown_ = value;
    }
    const bool absolute = dest.text.starts_with('/');
    if (!absolute && !info.workdir.path) {
      return fail("a COPY has a relative destination and the working directory is not known");
    }
    const std::string where = join_path(info.workdir.path.value_or("/"), dest.text);
    copy_destinations_.push_back(where);
    bool in_workdir = false;
    for (const std::string& w : workdirs_) in_workdir = in_workdir || path_inside(where, w);
    // Files put outside the build's directories (an entrypoint script, a configuration file)
    // are runtime files: the runtime stage copies them from the context the same way.
    if (!in_workdir && absolute) {
      scan_.carried.push_back({info.node, false, Scan::Carried::Place::kFiles});
      carried_destinations_.push_back(where);
    }
    return true;
  }

  // --- RUN -----------------------------------------------------------------------------------
  bool read_runs() {
    std::size_t seen = 0;
    for (const RunInstruction& run : rules::run_instructions(ctx_)) {
      if (run.stage != stage_.index) continue;
      ++seen;
      if (!read_run(run)) return false;
    }
    if (seen != run_nodes_) {
      return fail(
          "a RUN is in exec form or runs under a non-POSIX shell, so what it does is "
          "unclear");
    }
    return true;
  }

  bool user_setup_only(const RunInstruction& run) const {
    static const std::set<std::string_view> allowed{"groupadd", "useradd", "addgroup", "adduser",
                                                    "usermod",  "mkdir",   "chown",    "chmod",
                                                    "install",  "true",    "set",      "echo"};
    bool creates = false;
    for (const shell::AnalyzedShell* sh : run.shells) {
      for (const shell::Command& c : sh->script.commands) {
        if (c.in_substitution || !c.name) continue;
        const std::string p = rules::program_of(c);
        if (allowed.count(p) == 0) return false;
        creates = creates || p == "useradd" || p == "adduser" || p == "groupadd" || p == "addgroup";
      }
    }
    return creates;
  }

  bool read_run(const RunInstruction& run) {
    if (user_setup_only(run)) {
      scan_.carried.push_back({run.node, false, Scan::Carried::Place::kUser});
      user_setup_ = true;
      return true;
    }
    for (const shell::AnalyzedShell* sh : run.shells) {
      std::optional<std::string> cwd = run.info ? run.info->workdir.path : std::nullopt;
      bool cgo_off = env_value(run, "CGO_ENABLED") == "0";
      for (std::size_t k = 0; k < sh->script.commands.size(); ++k) {
        const shell::Command& c = sh->script.commands[k];
        if (c.in_substitution) continue;
        for (const shell::Assignment& a : c.assignments) {
          if (a.name == "CGO_ENABLED" && (!c.name || rules::program_of(c) == "export")) {
            cgo_off = a.value && a.value->text() == "0";
          }
        }
        const std::optional<shell::EffectiveCommand> eff = shell::effective_command(c);
        if (!eff) continue;
        if (!eff->program().is_static() && !declaration_builtin(eff->program().raw)) {
          return fail(fmt::format("a RUN runs a command whose name is computed ('{}')",
                                  eff->program().raw));
        }
        bool cmd_cgo_off = cgo_off;
        for (const shell::Assignment& a : c.assignments) {
          if (a.name == "CGO_ENABLED") cmd_cgo_off = a.value && a.value->text() == "0";
        }
        Step step{run, *sh, c, *eff, cwd, cmd_cgo_off};
        if (!read_redirects(step) || !read_command(step, k)) return false;
        cwd = step.cwd;
      }
    }
    return true;
  }

  std::string env_value(const RunInstruction& run, std::string_view name) const {
    if (run.info == nullptr || !run.info->scope) return "";
    const model::Variable* v = run.info->scope->lookup(name);
    return v == nullptr ? "" : v->value.value_or("");
  }

  struct Step {
    const RunInstruction& run;
    const shell::AnalyzedShell& sh;
    const shell::Command& command;
    const shell::EffectiveCommand& eff;
    std::optional<std::string> cwd;
    bool cgo_off = false;
  };

  static std::string describe(const Step& s) {
    std::string out;
    for (const shell::Word* w : s.eff.words) {
      if (!out.empty()) out += ' ';
      out += w->raw;
      if (out.size() > 48) return out.substr(0, 48) + "...";
    }
    return out;
  }

  // An absolute path for `path` as the command sees it; nullopt (and a reason) when relative
  // to an unknown directory.
  std::optional<std::string> resolve(const Step& s, std::string_view path) {
    if (path.starts_with('/')) return join_path("/", path);
    if (path.starts_with('~')) return join_path("/root", path.substr(1));
    if (!s.cwd) {
      fail(fmt::format("RUN `{}` uses a relative path and the working directory is not known",
                       describe(s)));
      return std::nullopt;
    }
    return join_path(*s.cwd, path);
  }

  bool allowed_write(std::string_view path) const {
    for (std::string_view d : kScratchDirs) {
      if (path_inside(path, d)) return true;
    }
    for (const std::string& w : workdirs_) {
      if (path_inside(path, w)) return true;
    }
    for (const std::string& d : copy_destinations_) {
      if (path_inside(path, d)) return true;
    }
    for (const std::string& f : file_outputs_) {
      if (path == f) return true;
    }
    return !venv_.empty() && path_inside(path, venv_);
  }

  bool check_write(const Step& s, std::string_view path) {
    const std::optional<std::string> where = resolve(s, path);
    if (!where) return false;
    if (allowed_write(*where)) return true;
    return fail(fmt::format("RUN `{}` changes {}, outside what the runtime stage would copy",
                            describe(s), *where));
  }

  bool read_redirects(const Step& s) {
    for (const shell::Redirect& r : s.command.redirects) {
      if (r.heredoc || !r.target || r.op.find('>') == std::string::npos) continue;
      if (r.op.find('&') != std::string::npos &&
          r.target->text().find_first_not_of("0123456789-") == std::string::npos) {
        continue;  // 2>&1
      }
      if (!r.target->is_static()) {
        return fail(fmt::format("RUN `{}` writes to a computed path", describe(s)));
      }
      if (!check_write(s, r.target->text())) return false;
    }
    return true;
  }

  // The words after the program that are not options, and the option values asked for.
  static std::vector<std::string> operands(const Step& s,
                                           std::initializer_list<std::string_view> with_value,
                                           std::map<std::string, std::string>* values = nullptr) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i < s.eff.size(); ++i) {
      const std::string& t = s.eff.words[i]->text();
      if (t.starts_with('-') && t.size() > 1) {
        const std::size_t eq = t.find('=');
        const std::string name = t.substr(0, eq);
        if (std::find(with_value.begin(), with_value.end(), name) != with_value.end()) {
          std::string value;
          if (eq != std::string::npos) {
            value = t.substr(eq + 1);
          } else if (i + 1 < s.eff.size()) {
            value = s.eff.words[++i]->text();
          }
          if (values) (*values)[name] = value;
        }
        continue;
      }
      out.push_back(t);
    }
    return out;
  }

  bool inside_output(std::string_view path) const {
    for (const std::string& f : file_outputs_) {
      if (path == f) return true;
    }
    for (const std::string& d : dir_outputs_) {
      if (path_inside(path, d)) return true;
    }
    return false;
  }

  bool read_command(Step& s, std::size_t index) {
    const std::string p = lower(shell::program_name(s.eff.program()));
    const std::string& word = s.eff.program().text();
    for (std::size_t i = 1; i < s.eff.size(); ++i) {
      if (!s.eff.words[i]->is_static() && s.eff.words[i]->raw.find('/') != std::string::npos) {
        // A computed path: `$HOME/x` is common; anything else could be anywhere.
        const std::string& raw = s.eff.words[i]->raw;
        if (!raw.starts_with("$HOME") && !raw.starts_with("${HOME}")) {
          return fail(fmt::format("RUN `{}` works on a computed path", describe(s)));
        }
      }
    }
    // System package managers.
    for (const rules::RunInvocation& ri : s.run.invocations) {
      if (ri.shell != &s.sh || ri.inv.command_index != index) continue;
      if (!read_invocation(ri.inv)) return false;
      if (ri.inv.manager <= Manager::kRpm) return true;
    }
    static const std::set<std::string_view> harmless{
        "echo",  "printf", "true",   "false",     "set",       "export", "test",    "[",
        ":",     "ls",     "cat",    "pwd",       "env",       "which",  "command", "type",
        "uname", "id",     "whoami", "sleep",     "date",      "grep",   "find",    "du",
        "df",    "rm",     "file",   "sha256sum", "sha512sum", "md5sum", "head",    "tail",
        "wc",    "sort",   "cmp",    "diff",      "tree",      "nproc",  "getconf", "exit",
        "unset", "umask",  "ldd",    "readelf",   "strip",     "npx",    "tsc",     "node",
        "java",  "javac",  "go",     "cargo",     "rustup",    "rustc",  "apt-get", "apt",
        "apk",   "cd"};
    static const std::set<std::string_view> system_changes{"apt-key",
                                                           "add-apt-repository",
                                                           "update-ca-certificates",
                                                           "ldconfig",
                                                           "locale-gen",
                                                           "localedef",
                                                           "dpkg",
                                                           "dpkg-reconfigure",
                                                           "update-alternatives",
                                                           "setcap",
                                                           "gem",
                                                           "pecl",
                                                           "docker-php-ext-install",
                                                           "a2enmod",
                                                           "cpan",
                                                           "cpanm",
                                                           "luarocks",
                                                           "conda",
                                                           "mamba",
                                                           "yum",
                                                           "dnf",
                                                           "microdnf",
                                                           "zypper",
                                                           "rpm",
                                                           "systemctl"};
    if (p == "cd") {
      if (s.command.in_subshell) return true;
      const std::vector<std::string> ops = operands(s, {});
      if (ops.empty()) {
        s.cwd = "/root";
      } else if (ops.size() == 1 && s.eff.words.back()->is_static()) {
        s.cwd = resolve(s, ops.front());
        if (!s.cwd) return false;
      } else {
        s.cwd = std::nullopt;
      }
      return true;
    }
    if (p == "go") return read_go(s);
    if (p == "cargo") return read_cargo(s);
    if (p == "make" || p == "gmake" || p == "ninja") return read_make(s, p);
    if (p == "cmake") return read_cmake(s);
    if (is_c_compiler(p)) return read_compiler(s);
    if (p == "mvn" || p == "mvnw" || p == "gradle" || p == "gradlew") return read_java(s, p);
    if (p == "npm" || p == "yarn" || p == "pnpm") return read_node(s, p);
    if (is_pip(p) || is_python(p) || p == "virtualenv") return read_python(s, p);
    if (p == "useradd" || p == "adduser" || p == "groupadd" || p == "addgroup" || p == "usermod") {
      user_setup_elsewhere_ = true;
      return true;
    }
    if (system_changes.count(p) != 0) {
      return fail(
          fmt::format("RUN `{}` changes the system, which the runtime stage would not "
                      "repeat",
                      describe(s)));
    }
    if (shell::is_shell_program(p) || p == "source" || p == "." || p == "eval") {
      return fail(
          fmt::format("RUN `{}` runs a script, whose effect on the image is unclear", describe(s)));
    }
    if (word.find('/') != std::string::npos && p != "configure") {
      return fail(
          fmt::format("RUN `{}` runs a program of the build, whose effect on the image "
                      "is unclear",
                      describe(s)));
    }
    if (p == "cp" || p == "mv" || p == "install" || p == "ln") return read_copy_command(s, p);
    if (p == "rm") {
      for (const std::string& op : operands(s, {})) {
        if (op.starts_with('/') || s.cwd)
          std::erase(file_outputs_, join_path(s.cwd.value_or("/"), op));
      }
      return true;
    }
    if (harmless.count(p) != 0) return true;
    const bool mode_first = p == "chmod" || p == "chown" || p == "chgrp";
    if (p == "chown" || p == "chgrp") chown_ = true;
    // Anything else: every path it names must be one the split accounts for.
    std::vector<std::string> ops = operands(s, {});
    if (mode_first && !ops.empty()) ops.erase(ops.begin());
    if (p == "sed" && !ops.empty()) {
      bool script_option = false;
      for (const shell::Word* w : s.eff.words) {
        script_option = script_option || w->text() == "-e" || w->text() == "-f" ||
                        w->text().starts_with("--expression") || w->text().starts_with("--file");
      }
      if (!script_option) ops.erase(ops.begin());  // the script, not a file
    }
    const bool writes = p == "mkdir" || p == "touch" || p == "tee" || mode_first;
    for (std::size_t i = 1; i < s.eff.size(); ++i) {
      std::string t = s.eff.words[i]->text();
      if (writes && !s.eff.words[i]->is_static() && !t.starts_with('-')) {
        return fail(fmt::format("RUN `{}` works on a computed path", describe(s)));
      }
      if (t.starts_with('-')) {
        const std::size_t eq = t.find('=');
        if (eq == std::string::npos) continue;
        t = t.substr(eq + 1);
      } else if (std::find(ops.begin(), ops.end(), t) == ops.end()) {
        continue;
      }
      if (t.starts_with('/') || (writes && !t.empty())) {
        if (!check_write(s, t)) return false;
      }
    }
    return true;
  }

  bool read_invocation(const shell::Invocation& inv) {
    const Manager m = inv.manager;
    if (m == Manager::kYum || m == Manager::kDnf || m == Manager::kMicrodnf ||
        m == Manager::kZypper || m == Manager::kRpm) {
      return fail(
          fmt::format("packages are installed with {}; the split knows Debian, Ubuntu "
                      "and Alpine images only",
                      shell::manager_name(m)));
    }
    if (m != Manager::kAptGet && m != Manager::kApt && m != Manager::kApk) return true;
    const std::string& a = inv.action;
    if (a == "install" || a == "add") {
      for (const shell::Package& p : inv.packages) {
        if (p.spec.find('$') != std::string::npos) {
          return fail("a package list uses a variable, so what the runtime needs is unclear");
        }
        const shell::Flag* group = inv.flag("virtual");
        installs_.push_back({p.spec, p.name, m == Manager::kApk,
                             group && group->value ? *group->value : std::string()});
      }
    } else if (a == "remove" || a == "purge" || a == "del") {
      for (const shell::Package& p : inv.packages) removed_.insert(p.name);
    }
    return true;
  }

  bool read_go(Step& s) {
    std::map<std::string, std::string> values;
    const std::vector<std::string> ops = operands(s, {"-o", "-C"}, &values);
    if (ops.empty() || ops.front() != "build") return true;
    languages_.insert(Language::kGo);
    go_builds_ = true;
    cgo_all_off_ = cgo_all_off_ && s.cgo_off;
    const auto o = values.find("-o");
    if (o == values.end() || o->second.empty()) {
      return fail("`go build` has no -o, so the binary's name depends on the module");
    }
    if (o->second.ends_with('/')) {
      return fail("`go build -o` names a directory, so which binaries it writes is unclear");
    }
    std::optional<std::string> at = resolve(s, o->second);
    if (!at) return false;
    file_outputs_.push_back(*at);
    return true;
  }

  bool read_cargo(Step& s) {
    std::map<std::string, std::string> values;
    const std::vector<std::string> ops =
        operands(s,
                 {"--bin", "--target", "--target-dir", "--profile", "--manifest-path", "-p",
                  "--package", "--features", "-F", "-j", "--jobs"},
                 &values);
    if (ops.empty() || (ops.front() != "build" && ops.front() != "b")) return true;
    languages_.insert(Language::kRust);
    if (values.count("--manifest-path") != 0) {
      return fail("`cargo build --manifest-path` builds elsewhere than its working directory");
    }
    bool release = false;
    for (const shell::Word* w : s.eff.words)
      release = release || w->text() == "--release" || w->text() == "-r";
    std::string profile = release ? "release" : "debug";
    if (values.count("--profile") != 0 && values["--profile"] != "dev") {
      profile = values["--profile"];
    }
    std::string target_dir = env_value(s.run, "CARGO_TARGET_DIR");
    if (values.count("--target-dir") != 0) target_dir = values["--target-dir"];
    if (target_dir.empty()) target_dir = "target";
    const std::optional<std::string> root = resolve(s, target_dir);
    if (!root) return false;
    std::string dir = *root;
    if (values.count("--target") != 0) dir += "/" + values["--target"];
    dir += "/" + profile;
    dir_outputs_.push_back(dir);
    if (values.count("--bin") != 0) file_outputs_.push_back(dir + "/" + values["--bin"]);
    return true;
  }

  bool read_make(Step& s, std::string_view p) {
    std::map<std::string, std::string> values;
    const std::vector<std::string> ops = operands(s, {"-C", "-f", "-j", "-l", "-o", "-W"}, &values);
    for (const std::string& t : ops) {
      if (t.find('=') != std::string::npos) continue;  // VAR=value
      if (t == "install" || t.starts_with("install-") || t.starts_with("install_")) {
        return fail(
            fmt::format("`{} install` installs into the system, so which files the "
                        "runtime needs is unclear",
                        p));
      }
    }
    languages_.insert(Language::kC);
    const std::optional<std::string> dir =
        values.count("-C") != 0 ? resolve(s, values["-C"]) : resolve(s, ".");
    if (!dir) return false;
    dir_outputs_.push_back(*dir);
    return true;
  }

  bool read_cmake(Step& s) {
    std::map<std::string, std::string> values;
    operands(s,
             {"--build", "-B", "-S", "--install", "--target", "-t", "-G", "--config", "-j",
              "--parallel", "--prefix"},
             &values);
    if (values.count("--install") != 0) {
      return fail(
          "`cmake --install` installs into the system, so which files the runtime "
          "needs is unclear");
    }
    for (const shell::Word* w : s.eff.words) {
      if (w->text() == "install") {
        return fail(
            "`cmake --build ... --target install` installs into the system, so which "
            "files the runtime needs is unclear");
      }
    }
    languages_.insert(Language::kC);
    for (const char* key : {"--build", "-B"}) {
      if (values.count(key) == 0) continue;
      const std::optional<std::string> dir = resolve(s, values[key]);
      if (!dir) return false;
      dir_outputs_.push_back(*dir);
    }
    const std::optional<std::string> dir = resolve(s, ".");
    if (!dir) return false;
    dir_outputs_.push_back(*dir);
    return true;
  }

  bool read_compiler(Step& s) {
    languages_.insert(Language::kC);
    std::string out;
    bool object_only = false;
    for (std::size_t i = 1; i < s.eff.size(); ++i) {
      const std::string& t = s.eff.words[i]->text();
      if (t == "-c" || t == "-E" || t == "-S" || t == "-M" || t == "-MM" || t == "--version" ||
          t == "-v" || t.starts_with("-dump")) {
        object_only = true;
      } else if (t == "-o" && i + 1 < s.eff.size()) {
        out = s.eff.words[++i]->text();
      } else if (t.starts_with("-o") && t.size() > 2) {
        out = t.substr(2);
      }
    }
    if (object_only) return true;
    const std::optional<std::string> at = resolve(s, out.empty() ? "a.out" : out);
    if (!at) return false;
    file_outputs_.push_back(*at);
    return true;
  }

  bool read_java(Step& s, std::string_view p) {
    std::map<std::string, std::string> values;
    const std::vector<std::string> ops =
        operands(s,
                 {"-f", "--file", "-p", "--project-dir", "-b", "--build-file", "-s", "--settings",
                  "-P", "--projects", "-pl"},
                 &values);
    if (!values.empty() && (values.count("-f") || values.count("--file") || values.count("-p") ||
                            values.count("--project-dir") || values.count("-b"))) {
      return fail(
          fmt::format("`{}` builds a project elsewhere than its working directory", describe(s)));
    }
    languages_.insert(Language::kJava);
    const bool maven = p.starts_with("mvn");
    const std::optional<std::string> dir = resolve(s, maven ? "target" : "build/libs");
    if (!dir) return false;
    dir_outputs_.push_back(*dir);
    return true;
  }

  bool read_node(Step& s, std::string_view p) {
    const std::vector<std::string> ops = operands(s, {"--prefix", "-C", "--cwd", "--dir"});
    for (const shell::Word* w : s.eff.words) {
      const std::string& t = w->text();
      if (t == "-g" || t == "--global" || t == "--location=global" || t == "--prefix" ||
          t.starts_with("--prefix=") || (p == "yarn" && !ops.empty() && ops.front() == "global")) {
        return fail(
            fmt::format("RUN `{}` installs packages outside the app's directory", describe(s)));
      }
    }
    languages_.insert(Language::kNode);
    if (p != "npm") scan_.node_manager = std::string(p);
    const std::string sub = ops.empty() ? "install" : ops.front();
    if (sub == "ci" || sub == "install" || sub == "i" || sub == "add" ||
        (p == "yarn" && ops.empty())) {
      if (!s.cwd) return fail("the directory npm installs into is not known");
      node_install_dirs_.push_back(*s.cwd);
    }
    return true;
  }

  bool read_python(Step& s, std::string_view p) {
    std::vector<std::string> words;
    for (std::size_t i = 1; i < s.eff.size(); ++i) words.push_back(s.eff.words[i]->text());
    bool pip = is_pip(p);
    std::size_t first = 0;
    if (!pip && p != "virtualenv") {
      // python -m pip / python -m venv; other scripts run at build time.
      if (words.size() >= 2 && words[0] == "-m") {
        if (words[1] == "pip") {
          pip = true;
          first = 2;
        } else if (words[1] == "venv" || words[1] == "virtualenv") {
          return read_venv(s, std::vector<std::string>(words.begin() + 2, words.end()));
        }
      }
      if (!pip) {
        for (const std::string& w : words) {
          if (w.starts_with('/') && !check_write(s, w)) return false;
        }
        return true;
      }
    }
    if (p == "virtualenv") return read_venv(s, words);
    languages_.insert(Language::kPython);
    std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
    if (rest.empty() || (rest.front() != "install")) return true;
    for (const std::string& w : rest) {
      if (w == "--user" || w == "--target" || w == "-t" || w.starts_with("--target=") ||
          w == "--prefix" || w.starts_with("--prefix=") || w == "--root" ||
          w.starts_with("--root=")) {
        return fail(
            fmt::format("RUN `{}` installs Python packages outside an environment the "
                        "split can copy",
                        describe(s)));
      }
    }
    if (venv_.empty()) {
      if (ts_node_is_null(scan_.venv_insert_before)) scan_.venv_insert_before = s.run.node;
    } else {
      const std::string path = env_value(s.run, "PATH");
      const std::string& program = s.eff.program().text();
      if (path.find(venv_ + "/bin") == std::string::npos && !program.starts_with(venv_ + "/")) {
        return fail(fmt::format("RUN `{}` installs outside the virtual environment {}", describe(s),
                                venv_));
      }
    }
    return true;
  }

  bool read_venv(Step& s, const std::vector<std::string>& args) {
    std::vector<std::string> ops;
    for (const std::string& a : args) {
      if (!a.starts_with('-')) ops.push_back(a);
    }
    if (ops.size() != 1) return fail("the virtual environment's directory is unclear");
    if (!ts_node_is_null(scan_.venv_insert_before)) {
      return fail("pip installs packages before the virtual environment is created");
    }
    const std::optional<std::string> at = resolve(s, ops.front());
    if (!at) return false;
    venv_ = *at;
    scan_.venv = *at;
    return true;
  }

  bool read_copy_command(Step& s, std::string_view p) {
    std::map<std::string, std::string> values;
    std::vector<std::string> ops = operands(s,
                                            {"-m", "--mode", "-o", "--owner", "-g", "--group", "-t",
                                             "--target-directory", "-S", "--suffix"},
                                            &values);
    bool install_dirs = false;
    for (const shell::Word* w : s.eff.words)
      install_dirs = install_dirs || (p == "install" && w->text() == "-d");
    if (install_dirs) {
      for (const std::string& d : ops) {
        if (!check_write(s, d)) return false;
      }
      return true;
    }
    std::string target;
    if (values.count("-t") != 0) target = values["-t"] + "/";
    if (values.count("--target-directory") != 0) target = values["--target-directory"] + "/";
    if (target.empty()) {
      if (ops.size() < 2) return true;
      target = ops.back();
      ops.pop_back();
    }
    bool from_output = false;
    std::vector<std::string> sources;
    for (const std::string& src : ops) {
      const std::optional<std::string> at = resolve(s, src);
      if (!at) return false;
      const std::size_t glob = at->find_first_of("*?[");
      const std::string fixed =
          glob == std::string::npos ? *at : at->substr(0, at->rfind('/', glob));
      if (inside_output(fixed) || (glob != std::string::npos && [&] {
            for (const std::string& d : dir_outputs_) {
              if (path_inside(fixed, d) || fixed == d) return true;
            }
            return false;
          }())) {
        from_output = true;
      }
      sources.push_back(*at);
    }
    std::optional<std::string> dest = resolve(s, target);
    if (!dest) return false;
    if (from_output) {
      // A build output installed somewhere: that place is an output too.
      const bool into_dir = target.ends_with('/');
      if (into_dir &&
          (sources.size() != 1 || sources.front().find_first_of("*?[") != std::string::npos)) {
        return fail(
            fmt::format("RUN `{}` copies build outputs whose names are unclear", describe(s)));
      }
      const std::string out =
          into_dir ? *dest + "/" + sources.front().substr(sources.front().rfind('/') + 1) : *dest;
      if (p == "mv") {
        for (const std::string& src : sources) std::erase(file_outputs_, src);
      }
      file_outputs_.push_back(out);
      return true;
    }
    if (p == "mv") {
      for (const std::string& src : sources) {
        if (!check_write(s, src)) return false;
      }
    }
    return check_write(s, target);
  }

  // --- which toolchain -----------------------------------------------------------------------
  bool choose_language() {
    std::set<Language> langs = languages_;
    // make, cmake and compilers also drive other toolchains' builds.
    if (langs.size() > 1) langs.erase(Language::kC);
    if (langs.empty()) {
      return fail(
          "no build the split knows was found (go build, cargo build, mvn, gradle, "
          "npm/yarn/pnpm, pip, make, cmake, gcc)");
    }
    if (langs.size() > 1) {
      std::string names;
      for (Language l : langs)
        names += (names.empty() ? "" : " and ") + std::string(language_name(l));
      return fail(
          fmt::format("the stage builds with {}, so which output the runtime needs is "
                      "unclear",
                      names));
    }
    scan_.language = *langs.begin();
    scan_.cgo_disabled = go_builds_ && cgo_all_off_;
    return true;
  }

  // --- what the image runs -------------------------------------------------------------------
  bool read_runtime_commands() {
    TSNode cmd{}, entrypoint{}, healthcheck{};
    for (std::size_t i : stage_.instructions) {
      const model::InstructionInfo& info = model_.instructions[i];
      if (info.keyword == "cmd") cmd = info.node;
      if (info.keyword == "entrypoint") entrypoint = info.node;
      if (info.keyword == "healthcheck") healthcheck = info.node;
    }
    if (ts_node_is_null(cmd) && ts_node_is_null(entrypoint)) {
      return fail("there is no CMD or ENTRYPOINT, so what the image runs is unknown");
    }
    std::vector<RuntimeCommand> commands;
    const bool exec_entrypoint =
        !ts_node_is_null(entrypoint) &&
        rules::is_type(rules::field(entrypoint, "command"), "json_string_array");
    for (TSNode node : {entrypoint, cmd, healthcheck}) {
      if (ts_node_is_null(node)) continue;
      if (!read_runtime_command(node, commands, node.id == cmd.id && exec_entrypoint)) {
        return false;
      }
    }
    for (const RuntimeCommand& rc : commands) {
      if (!check_runtime_command(rc)) return false;
    }
    return true;
  }

  bool read_runtime_command(TSNode node, std::vector<RuntimeCommand>& out, bool args_only) {
    const TSNode command = rules::field(node, "command");
    if (ts_node_is_null(command)) return true;  // HEALTHCHECK NONE
    const model::InstructionInfo* info = model_.instruction_at(ts_node_start_byte(node));
    std::optional<std::string> wd = info ? info->workdir.path : std::nullopt;
    if (rules::is_type(command, "json_string_array")) {
      const syntax::go::JsonArrayResult r = syntax::go::parse_json_string_array(text(command));
      if (r.status != syntax::go::JsonArrayStatus::kStrings || r.strings.empty()) {
        return fail("a CMD, ENTRYPOINT or HEALTHCHECK has an exec form that does not parse");
      }
      RuntimeCommand rc{node, {}, wd, false};
      for (const std::string& s : r.strings) rc.words.emplace_back(s);
      if (args_only) rc.words.insert(rc.words.begin(), std::nullopt);
      out.push_back(std::move(rc));
      return true;
    }
    scan_.shell_form_used = true;
    for (const shell::AnalyzedShell& sh : ctx_.shells()) {
      if (ts_node_start_byte(sh.source.instruction) != ts_node_start_byte(node)) continue;
      for (const shell::Command& c : sh.script.commands) {
        if (c.in_substitution) continue;
        const std::optional<shell::EffectiveCommand> eff = shell::effective_command(c);
        if (!eff) continue;
        RuntimeCommand rc{node, {}, wd, true};
        for (const shell::Word* w : eff->words) {
          rc.words.push_back(w->is_static() ? std::optional<std::string>(w->text()) : std::nullopt);
        }
        if (args_only) continue;  // a shell-form CMD after an exec ENTRYPOINT: its arguments
        out.push_back(std::move(rc));
      }
    }
    return true;
  }

  std::string keyword_of(TSNode node) const { return rules::instruction_name(node); }

  bool check_runtime_command(const RuntimeCommand& rc) {
    const std::string kw = keyword_of(rc.instruction);
    // Java: the jar `java -jar` runs is what the build must produce.
    if (rc.words.size() >= 1 && rc.words[0] &&
        lower(std::string_view(*rc.words[0]).substr(rc.words[0]->rfind('/') + 1)) == "java") {
      for (std::size_t i = 1; i < rc.words.size(); ++i) {
        if (!rc.words[i]) continue;
        if (*rc.words[i] == "-cp" || *rc.words[i] == "-classpath" ||
            *rc.words[i] == "--class-path") {
          return fail(
              fmt::format("{} runs java with a class path, so which files the runtime "
                          "needs is unclear",
                          kw));
        }
        if (*rc.words[i] == "-jar" && i + 1 < rc.words.size() && rc.words[i + 1]) {
          if (!rc.workdir && !rc.words[i + 1]->starts_with('/')) {
            return fail(
                fmt::format("{} runs a jar by a relative path and the working "
                            "directory is not known",
                            kw));
          }
          needed_files_.push_back({join_path(rc.workdir.value_or("/"), *rc.words[i + 1]), kw});
          jar_ = true;
        }
      }
    }
    if (rc.words.empty() || !rc.words[0]) {
      if (!rc.words.empty()) return true;  // CMD arguments after an exec-form ENTRYPOINT
      return fail(fmt::format("{} runs a program named by a variable", kw));
    }
    const std::string& program = *rc.words[0];
    if (program.find('/') == std::string::npos) {
      for (const std::string& f : file_outputs_) {
        const std::string dir = f.substr(0, f.rfind('/'));
        if (f.substr(f.rfind('/') + 1) == program &&
            (dir == "/usr/local/bin" || dir == "/usr/bin" || dir == "/bin" ||
             dir == "/usr/local/sbin" || dir == "/usr/sbin")) {
          needed_files_.push_back({f, kw});
          return true;
        }
      }
      // A script COPY puts on PATH (an entrypoint), repeated in the runtime stage.
      for (std::string_view dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
        if (carried_file(std::string(dir) + "/" + program)) {
          needed_files_.push_back({std::string(dir) + "/" + program, kw});
          return true;
        }
      }
      scan_.needed_programs.emplace(program, kw);
      return true;
    }
    if (!program.starts_with('/') && !rc.workdir) {
      return fail(
          fmt::format("{} runs '{}' by a relative path and the working directory is "
                      "not known",
                      kw, program));
    }
    const std::string at = join_path(rc.workdir.value_or("/"), program);
    const std::string dir = at.substr(0, at.rfind('/'));
    static const std::set<std::string_view> system_dirs{
        "/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/opt/java/openjdk/bin"};
    bool produced = false;
    for (const std::string& f : file_outputs_) produced = produced || f == at;
    if (!produced && system_dirs.count(dir) != 0 && !inside_output(at)) {
      const std::string name = at.substr(at.rfind('/') + 1);
      scan_.needed_programs.emplace(name, kw);
      return true;
    }
    needed_files_.push_back({at, kw});
    return true;
  }

  // --- the artifacts -------------------------------------------------------------------------
  bool copies_whole_app() const {
    return scan_.language == Language::kNode || scan_.language == Language::kPython;
  }

  bool carried_file(std::string_view path) const {
    for (const std::string& d : carried_destinations_) {
      if (path_inside(path, d)) return true;
    }
    return false;
  }

  bool resolve_artifacts() {
    if (copies_whole_app()) {
      if (!scan_.workdir || *scan_.workdir == "/") {
        return fail(
            fmt::format("the {} app has no WORKDIR of its own, so which files it needs "
                        "is unclear",
                        language_name(scan_.language)));
      }
      const std::string& app = *scan_.workdir;
      for (const auto& [file, kw] : needed_files_) {
        if (!path_inside(file, app) && !carried_file(file) &&
            !(scan_.language == Language::kPython && path_inside(file, scan_.venv))) {
          return fail(fmt::format("{} runs {}, outside the app's directory {}", kw, file, app));
        }
      }
      if (scan_.language == Language::kNode) {
        if (std::find(node_install_dirs_.begin(), node_install_dirs_.end(), app) ==
            node_install_dirs_.end()) {
          return fail(
              fmt::format("dependencies are not installed in {} (npm ci/install), so "
                          "which of them production needs is unclear",
                          app));
        }
        scan_.node_major = node_major();
      }
      if (scan_.language == Language::kPython) {
        if (venv_.empty() && ts_node_is_null(scan_.venv_insert_before)) {
          return fail("no pip install was found, so there is no environment to copy");
        }
        if (!venv_.empty()) scan_.venv = venv_;
        if (!path_inside(scan_.venv, app)) scan_.artifacts.push_back({scan_.venv, scan_.venv});
      }
      scan_.artifacts.push_back({app, app});
      scan_.copy_chown = copy_chown_;
      return true;
    }
    if (chown_ || !copy_chown_.empty()) {
      // Ownership matters to the files the runtime stage copies only through USER.
      if (stage_.user_at_end.known() && !stage_.user_at_end.is_root()) {
        return fail(
            "the build gives files to the runtime user (chown, COPY --chown), which a "
            "copy of the artifacts would not keep");
      }
    }
    std::vector<std::string> artifacts;
    for (const std::string& f : file_outputs_) {
      // Test binaries and the like, built into temporary directories, are not shipped.
      if (!path_inside(f, "/tmp") && !path_inside(f, "/var/tmp")) artifacts.push_back(f);
    }
    bool runs_output = false;
    for (const auto& [file, kw] : needed_files_) {
      if (std::find(artifacts.begin(), artifacts.end(), file) != artifacts.end()) {
        runs_output = true;
        continue;
      }
      if (inside_output(file)) {
        artifacts.push_back(file);
        runs_output = true;
        continue;
      }
      if (carried_file(file)) {
        scan_.shell_form_used = true;  // likely a script: the runtime image needs a shell
        continue;
      }
      return fail(fmt::format("{} runs {}, which the build does not visibly produce", kw, file));
    }
    if (scan_.language == Language::kJava && !jar_) {
      return fail(
          "CMD/ENTRYPOINT does not run `java -jar <file>`, so which jar to copy is "
          "unclear");
    }
    if (!runs_output && scan_.language != Language::kGo) {
      return fail(
          "CMD/ENTRYPOINT does not run a file the build produces, so the artifact is "
          "unclear");
    }
    if (artifacts.empty()) return fail("the build's output could not be determined");
    std::sort(artifacts.begin(), artifacts.end());
    artifacts.erase(std::unique(artifacts.begin(), artifacts.end()), artifacts.end());
    for (const std::string& a : artifacts) scan_.artifacts.push_back({a, a});
    return true;
  }

  int node_major() const {
    const catalog::ParsedTag t = catalog::parse_tag(scan_.tag);
    if (!t.version.empty()) return std::atoi(t.version.front().c_str());
    if (const catalog::Entry* e = catalog::find_entry("node", scan_.tag)) {
      for (std::string_view tag : e->tags) {
        const catalog::ParsedTag other = catalog::parse_tag(tag);
        if (!other.version.empty()) return std::atoi(other.version.front().c_str());
      }
    }
    return 0;
  }

  // --- system packages -----------------------------------------------------------------------
  bool read_packages() {
    std::set<std::string> seen;
    bool apt = false;
    bool apk = false;
    for (const Install& i : installs_) {
      if (removed_.count(i.name) != 0 || (!i.group.empty() && removed_.count(i.group) != 0)) {
        continue;
      }
      if (build_only_package(i.name)) continue;
      if (dev_package(i.name)) {
        return fail(
            fmt::format("{} is installed, and the runtime library package it stands "
                        "for is unknown",
                        i.name));
      }
      (i.apk ? apk : apt) = true;
      if (seen.insert(i.spec).second) scan_.runtime_packages.push_back(i.spec);
    }
    if (apt && apk) return fail("packages are installed with both apt and apk");
    scan_.packages_apk = apk;
    return true;
  }

  // --- the user ------------------------------------------------------------------------------
  bool read_user() {
    const model::EffectiveUser& u = stage_.user_at_end;
    if (!u.known() || u.is_root()) {
      scan_.needs_user_setup = user_setup_;
      return true;
    }
    const std::string name = u.user.substr(0, u.user.find(':'));
    const std::string group =
        u.user.find(':') == std::string::npos ? "" : u.user.substr(u.user.find(':') + 1);
    const auto numeric = [](const std::string& s) {
      return s.empty() || s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (numeric(name) && numeric(group)) {
      scan_.needs_user_setup = user_setup_;
      return true;
    }
    if (scan_.language == Language::kNode && name == "node" && (group.empty() || group == "node")) {
      return true;  // the node images have this user
    }
    if (user_setup_ && !user_setup_elsewhere_) {
      scan_.needs_user_setup = true;
      return true;
    }
    return fail(
        fmt::format("USER {} is created in a RUN that also does other things, so the "
                    "runtime stage would not have this user",
                    u.user));
  }

  // --- ARGs (and build-only ENVs) the carried instructions use ---------------------------------
  bool carry_args() {
    std::vector<Scan::Carried> extra;
    for (const model::InstructionInfo* arg : args_) {
      bool used = false;
      for (const model::Declaration& d : arg->declarations) {
        const std::string& n = d.variable.name;
        for (const Scan::Carried& c : scan_.carried) {
          const std::string_view t = text(c.node);
          used = used || t.find("$" + n) != std::string_view::npos ||
                 t.find("${" + n) != std::string_view::npos;
        }
      }
      if (used) extra.push_back({arg->node, false, Scan::Carried::Place::kPrelude});
    }
    scan_.carried.insert(scan_.carried.end(), extra.begin(), extra.end());
    return true;
  }

  struct Install {
    std::string spec;
    std::string name;
    bool apk = false;
    std::string group;  // apk --virtual group
  };

  const RuleContext& ctx_;
  const model::Model& model_;
  const model::Stage& stage_;
  std::string& why_not_;
  Scan scan_;
  std::size_t run_nodes_ = 0;
  std::vector<std::string> workdirs_;
  std::vector<std::string> copy_destinations_;
  std::vector<std::string> carried_destinations_;
  std::string copy_chown_;
  bool chown_ = false;
  std::vector<const model::InstructionInfo*> args_;  // ARG, and ENV of build variables only
  std::set<Language> languages_;
  std::vector<std::string> file_outputs_;
  std::vector<std::string> dir_outputs_;
  std::vector<std::string> node_install_dirs_;
  std::string venv_;
  bool go_builds_ = false;
  bool cgo_all_off_ = true;
  bool jar_ = false;
  bool user_setup_ = false;
  bool user_setup_elsewhere_ = false;
  std::vector<Install> installs_;
  std::set<std::string> removed_;
  std::vector<std::pair<std::string, std::string>> needed_files_;  // path, keyword
};

}  // namespace

std::optional<Scan> scan_stage(const RuleContext& ctx, std::string& why_not) {
  const model::Model& model = ctx.model();
  if (model.stages.empty()) {
    why_not = "there is no build stage";
    return std::nullopt;
  }
  if (model.stages.size() > 1) {
    why_not = "the Dockerfile already has several stages";
    return std::nullopt;
  }
  return Scanner(ctx, why_not).run();
}

}  // namespace whalesafe::rewrites::split
