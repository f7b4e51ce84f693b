// build-tools-in-final-stage: compilers, -dev packages, SDK base images and build commands in
// the image that ships, where a builder stage would keep them out.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "rewrites/rewrite.h"
#include "rules/node_util.h"
#include "rules/package_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

using shell::Manager;

bool system_manager(Manager m) {
  return m == Manager::kAptGet || m == Manager::kApt || m == Manager::kApk || m == Manager::kYum ||
         m == Manager::kDnf || m == Manager::kMicrodnf || m == Manager::kZypper;
}

bool installs(const shell::Invocation& inv) {
  return system_manager(inv.manager) &&
         (inv.action == "install" || inv.action == "add" || inv.action == "in");
}

bool removes(const shell::Invocation& inv) {
  const std::string& a = inv.action;
  return system_manager(inv.manager) && (a == "remove" || a == "purge" || a == "del" ||
                                         a == "erase" || a == "autoremove" || a == "rm");
}

bool is_build_tool(std::string_view name) {
  static const std::set<std::string_view> tools{
      "build-essential", "build-base", "gcc",         "g++",
      "gcc-c++",         "clang",      "make",        "cmake",
      "autoconf",        "automake",   "libtool",     "musl-dev",
      "linux-headers",   "golang",     "golang-go",   "go",
      "maven",           "gradle",     "rustc",       "cargo",
      "pkg-config",      "pkgconf",    "ninja-build", "meson"};
  return tools.count(name) != 0 || name.ends_with("-dev") || name.ends_with("-devel");
}

// Base images that are SDKs: what they hold is for building.
std::optional<std::string> sdk_image(std::string reference) {
  reference = ascii_lower(reference);
  const std::size_t at = reference.find('@');
  if (at != std::string::npos) reference.resize(at);
  std::string tag;
  const std::size_t colon = reference.rfind(':');
  if (colon != std::string::npos && reference.find('/', colon) == std::string::npos) {
    tag = reference.substr(colon + 1);
    reference.resize(colon);
  }
  std::string repo = reference;
  for (std::string_view prefix : {"docker.io/", "index.docker.io/", "library/"}) {
    if (repo.starts_with(prefix)) repo = repo.substr(prefix.size());
  }
  if (repo.starts_with("library/")) repo = repo.substr(8);
  static const std::set<std::string_view> sdks{
      "golang", "maven", "gradle", "rust", "gcc", "buildpack-deps", "mcr.microsoft.com/dotnet/sdk"};
  // buildpack-deps:<suite>-curl and -scm are the variants without compilers.
  if (repo == "buildpack-deps" &&
      (tag == "curl" || tag == "scm" || tag.ends_with("-curl") || tag.ends_with("-scm"))) {
    return std::nullopt;
  }
  if (sdks.count(repo) != 0) return repo;
  // JDK images: eclipse-temurin:21-jdk, amazoncorretto (always a JDK), openjdk (a JDK).
  if ((repo == "eclipse-temurin" || repo == "ibm-semeru-runtimes") &&
      tag.find("jdk") != std::string::npos) {
    return repo;
  }
  return std::nullopt;
}

// `go build`, `mvn package`, `npm run build`, ...: the command's head if it is one.
std::optional<std::string> build_command(const shell::Command& c) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
  if (!cmd || cmd->size() < 2) return std::nullopt;
  const std::string p = program_of(c);
  std::vector<std::string> args;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    const std::string& t = cmd->words[i]->text();
    if (!t.starts_with('-')) args.push_back(t);
  }
  if (args.empty()) return std::nullopt;
  const std::string& a = args.front();
  const auto one_of = [&](std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), a) != list.end();
  };
  bool build = false;
  if (p == "go") build = a == "build";
  if (p == "cargo") build = a == "build";
  if (p == "dotnet") build = one_of({"build", "publish"});
  if (p == "mvn" || p == "mvnw") build = one_of({"package", "install", "compile", "verify"});
  if (p == "gradle" || p == "gradlew") {
    build = one_of({"build", "assemble", "bootJar", "jar", "installDist", "shadowJar"});
  }
  if (p == "npm" || p == "pnpm" || p == "yarn") {
    const bool run = a == "run" || a == "run-script";
    const std::string& script = run && args.size() > 1 ? args[1] : a;
    build = script == "build" && (run || p != "npm");
  }
  if (!build) return std::nullopt;
  return p + " " + (args.size() > 1 && (a == "run" || a == "run-script") ? a + " " + args[1] : a);
}

// Every finding offers the multi-stage split (one plan for the whole file), or says why there
// is none.
class SplitReporter {
 public:
  SplitReporter(const RuleContext& ctx, Reporter& reporter) : ctx_(ctx), reporter_(reporter) {}
  void report(uint32_t start, uint32_t end, std::string message) {
    const rewrites::RewriteOutcome& outcome = plan(start);
    if (!outcome.fix) message += fmt::format(" (no automatic split: {})", outcome.why_not);
    reporter_.report(start, end, std::move(message), outcome.fix);
  }
  void report(TSNode node, std::string message) {
    report(ts_node_start_byte(node), ts_node_end_byte(node), std::move(message));
  }

 private:
  const rewrites::RewriteOutcome& plan(uint32_t offset) {
    if (!outcome_) {
      outcome_ = rewrites::plan_rewrite(rewrites::RewriteKind::kSplitMultiStage, ctx_, offset);
    }
    return *outcome_;
  }
  const RuleContext& ctx_;
  Reporter& reporter_;
  std::optional<rewrites::RewriteOutcome> outcome_;
};

void check(const RuleContext& ctx, Reporter& rule_reporter) {
  const model::Model& model = ctx.model();
  const model::Stage* final_stage = model.final_stage();
  if (final_stage == nullptr) return;
  SplitReporter reporter(ctx, rule_reporter);
  // A single stage that builds nothing else is still the image that ships.
  const model::Stage* root = final_stage;
  while (root->base.stage) root = &model.stages[*root->base.stage];

  const std::vector<RunInstruction>& runs = run_instructions(ctx);
  bool builds = false;
  // The build commands of a shell text, found once per text (the parse is shared across
  // analyses): (index in Script::commands, head).
  static const char kBuildCommands = 0;
  using BuildCommands = std::vector<std::pair<std::size_t, std::string>>;
  for (const RunInstruction& run : runs) {
    if (!run.in_final_image) continue;
    for (const shell::AnalyzedShell* sh : run.shells) {
      const BuildCommands& found = sh->parsed->derived<BuildCommands>(&kBuildCommands, [&] {
        BuildCommands out;
        const std::vector<shell::Command>& commands = sh->parsed->script().commands;
        for (std::size_t i = 0; i < commands.size(); ++i) {
          if (std::optional<std::string> head = build_command(commands[i])) {
            out.emplace_back(i, std::move(*head));
          }
        }
        return out;
      });
      for (const auto& [index, head] : found) {
        const shell::Command& c = sh->script.commands[index];
        if (c.doc.pieces.empty()) continue;
        builds = true;
        const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
        reporter.report(cmd->program().doc.covering.start, c.doc.covering.end,
                        fmt::format("'{}' builds in the final stage: the toolchain and sources "
                                    "ship with the image; build in a separate stage and COPY "
                                    "--from it",
                                    head));
      }
    }
  }

  if (root->base.resolved && !ts_node_is_null(root->base.image)) {
    std::optional<std::string> sdk = sdk_image(*root->base.resolved);
    // node images are runtimes too; they are SDKs when the final stage builds in them.
    if (!sdk && builds) {
      const std::string ref = ascii_lower(*root->base.resolved);
      if (ref == "node" || ref.starts_with("node:") || ref.starts_with("docker.io/library/node")) {
        sdk = "node";
      }
    }
    if (sdk) {
      reporter.report(root->base.image,
                      fmt::format("the final image is built on the '{}' SDK image: compilers and "
                                  "build tools ship with it; build in a separate stage and copy "
                                  "the result onto a runtime image",
                                  *sdk));
    }
  }

  // Packages: build tools installed and not removed later in the final image's stages.
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunInstruction& run = runs[r];
    if (!run.in_final_image) continue;
    for (std::size_t k = 0; k < run.invocations.size(); ++k) {
      const shell::Invocation& inv = run.invocations[k].inv;
      if (!installs(inv)) continue;
      std::vector<const shell::Package*> tools;
      for (const shell::Package& p : inv.packages) {
        if (is_build_tool(p.name) && !p.span.doc.pieces.empty()) tools.push_back(&p);
      }
      if (tools.empty()) continue;
      // Removed afterwards (same RUN or a later one of the final image's stages)?
      std::set<std::string> removed;
      bool removes_all = false;
      for (std::size_t r2 = r; r2 < runs.size(); ++r2) {
        if (!runs[r2].in_final_image) continue;
        for (std::size_t k2 = r2 == r ? k + 1 : 0; k2 < runs[r2].invocations.size(); ++k2) {
          const shell::Invocation& rm = runs[r2].invocations[k2].inv;
          if (!removes(rm)) continue;
          if (rm.action == "autoremove" || rm.has_flag("--auto-remove") ||
              rm.has_flag("--autoremove")) {
            removes_all = true;
          }
          for (const shell::Package& p : rm.packages) {
            removes_all |= p.spec.find('$') != std::string::npos;
            removed.insert(p.name);
          }
        }
      }
      if (removes_all) continue;
      if (const shell::Flag* v = inv.flag("virtual"); v && v->value && removed.count(*v->value)) {
        continue;
      }
      std::erase_if(tools, [&](const shell::Package* p) { return removed.count(p->name) != 0; });
      if (tools.empty()) continue;
      std::string names;
      for (const shell::Package* p : tools) names += (names.empty() ? "" : ", ") + p->name;
      reporter.report(tools.front()->span.doc.covering.start, tools.front()->span.doc.covering.end,
                      fmt::format("build tools in the final image ({}): build in a separate "
                                  "stage, or remove them in the same RUN",
                                  names));
    }
  }
}

}  // namespace

const Rule& rule_build_tools_in_final_stage() {
  static const Rule rule{
      {.slug = "build-tools-in-final-stage",
       .summary = "Keep compilers, -dev packages and SDK images out of the final stage",
       .severity = Severity::kWarning,
       .aliases = {},
       .fix = FixKind::kUnsafe,
       .doc = {.what =
                   "Reports, in the final stage and the stages it is built `FROM`: "
                   "compilers and build tools installed with a system package manager "
                   "(`build-essential`, `build-base`, `gcc`, `g++`, `make`, `cmake`, "
                   "`*-dev`, `*-devel`, ...) that are not removed afterwards (`apt-get "
                   "purge`, `apk del` of the `--virtual` group, `autoremove`); an SDK base "
                   "image (`golang`, `maven`, `gradle`, `rust`, `gcc`, `buildpack-deps` but not "
                   "its `-curl` and `-scm` variants, "
                   "`dotnet/sdk`, JDK images, and `node` when the stage builds); and build "
                   "commands (`go build`, `cargo build`, `mvn package`, `gradle build`, "
                   "`dotnet publish`, `npm run build`, `yarn build`). Builder stages whose "
                   "files only reach the final image through `COPY --from` are not "
                   "reported.",
               .why = "Compilers, headers and SDKs are hundreds of megabytes the running "
                      "application does not need. They also help an attacker who gets a shell "
                      "in the container (compile an exploit in place) and bring their own "
                      "vulnerabilities to every scan. A multi-stage build compiles in a builder "
                      "stage and copies only the result into a small runtime image.",
               .example = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o "
                          "/usr/local/bin/app .\nCMD [\"app\"]\n",
               .instead = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o "
                          "/out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY "
                          "--from=build /out/app /app\nCMD [\"/app\"]\n",
               .fix = "Unsafe: splits a single-stage Dockerfile into a build stage and a "
                      "runtime stage that copies only the artifacts: distroless/static (Go "
                      "with `CGO_ENABLED=0`) or the build image's own Alpine or Debian slim "
                      "release (Go, Rust, C/C++), `node:<tag>-slim` with development "
                      "dependencies pruned, `eclipse-temurin:<N>-jre`, or `python:<tag>-slim` "
                      "with a virtual environment copied over. ENV, EXPOSE, USER, HEALTHCHECK, "
                      "CMD and ENTRYPOINT move to the runtime stage. It is unsafe because "
                      "files the build leaves outside the artifacts are gone at run time. When "
                      "the artifact or the runtime image cannot be determined with confidence "
                      "no fix is offered and the message says why. See "
                      "docs/fixes/split-multi-stage.md."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
