// What the multi-stage split needs to know about a single-stage Dockerfile, read from the
// semantic model and the shell of its RUNs: which toolchain builds, what the build produces
// (the artifacts the runtime stage copies), which system packages the runtime still needs,
// which instructions belong to the runtime, and every reason the split would be unsound.
// split_multi_stage.cpp turns a scan into edits; split_runtime.cpp picks the runtime image.
#pragma once

#include <tree_sitter/api.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/rule_context.h"

namespace whalesafe::rewrites::split {

enum class Language { kGo, kRust, kC, kJava, kNode, kPython };
std::string_view language_name(Language language);  // "Go", "Rust", "C/C++", ...

// A file or directory the runtime stage copies from the build stage.
struct Artifact {
  std::string source;       // absolute path in the build stage
  std::string destination;  // absolute path in the runtime stage
};

// A command the image runs (CMD, ENTRYPOINT, HEALTHCHECK CMD): its words where they are
// static, and the working directory it starts in.
struct RuntimeCommand {
  TSNode instruction{};
  std::vector<std::optional<std::string>> words;  // nullopt for a word with an expansion
  std::optional<std::string> workdir;
  bool shell_form = false;
};

struct Scan {
  Language language = Language::kC;
  std::string base_image;     // the FROM image as resolved
  std::string official;       // the official image it names ("" for others)
  std::string tag;            // its tag ("latest" when none)
  std::string platform_flag;  // the FROM's `--platform=...` text to repeat, or ""

  std::optional<std::string> workdir;  // the WORKDIR in force at the end of the stage
  std::vector<Artifact> artifacts;
  // System packages installed and not removed that are no build tools, as written.
  std::vector<std::string> runtime_packages;
  bool packages_apk = false;  // installed with apk (else apt-get/apt)

  bool cgo_disabled = false;         // Go: every `go build` runs with CGO_ENABLED=0
  bool shell_form_used = false;      // some runtime command needs /bin/sh
  int node_major = 0;                // Node: the image's major version, when known
  std::string node_manager = "npm";  // Node: "npm", "yarn" or "pnpm"
  // Python: the virtual environment (created by the Dockerfile, or by the rewrite when
  // `venv_insert_before` is set: the first RUN that installs with pip).
  std::string venv = "/opt/venv";
  TSNode venv_insert_before{};
  std::string copy_chown;  // Node/Python: `--chown=` of the app's COPYs, kept on the copy

  // Instructions repeated in the runtime stage, in source order: ARGs and ENVs the runtime
  // needs, COPYs from the context to places outside the build's directories, a RUN that only
  // creates the user, and the runtime instructions (moved from the build stage when
  // `moved`).
  struct Carried {
    TSNode node{};
    bool moved = false;
    enum class Place { kPrelude, kFiles, kUser, kRuntime } place = Place::kRuntime;
  };
  std::vector<Carried> carried;
  // The last RUN of the stage (Node: the prune is appended to it).
  TSNode last_run{};
  // Programs the runtime commands run by name (or from a system directory), with the
  // instruction that runs them: the runtime image must have them.
  std::map<std::string, std::string> needed_programs;
  bool needs_user_setup = false;  // a RUN creating the USER is carried: needs a shell
};

// Reads the stage; on any doubt, returns nullopt and sets `why_not`.
std::optional<Scan> scan_stage(const rules::RuleContext& ctx, std::string& why_not);

// Path helpers (POSIX): `join("/src", "../out/app")` -> "/out/app".
std::string join_path(std::string_view base, std::string_view path);
bool path_inside(std::string_view path, std::string_view root);

}  // namespace whalesafe::rewrites::split
