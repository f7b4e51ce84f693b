// download-without-integrity-check: a file fetched with curl or wget in a RUN that never
// checks a checksum or a signature (`sha256sum -c`, `gpg --verify`, `cosign verify-blob`...).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "rules/download_execution.h"
#include "rules/integrity_check.h"
#include "rules/node_util.h"
#include "rules/posix_shell.h"
#include "rules/rule_context.h"
#include "rules/url_util.h"
#include "shell/command_queries.h"
#include "shell/invocations.h"

namespace whalesafe::rules {
namespace {

// Files that are themselves verification material or trust anchors (signatures, checksums,
// keys, certificates) or package source lists whose packages are verified by signature.
bool is_verification_material(std::string_view path) {
  const std::string p = ascii_lower(path.substr(0, path.find_first_of("?#")));
  static constexpr std::array<std::string_view, 18> kSuffixes{
      ".asc", ".sig",     ".sign",         ".gpg",    ".pub",  ".key",
      ".pem", ".crt",     ".sha256",       ".sha512", ".sha1", ".md5",
      "sums", "sums.txt", "checksums.txt", ".repo",   ".list", ".minisig"};
  for (std::string_view s : kSuffixes) {
    if (p.ends_with(s)) return true;
  }
  // .../gpg, .../gpgkey, .../key (e.g. https://download.docker.com/linux/debian/gpg)
  const std::string_view last = std::string_view(p).substr(p.rfind('/') + 1);
  return last == "gpg" || last == "gpgkey" || last == "key" ||
         last.find("keyring") != std::string::npos || last.ends_with(".sha256sum") ||
         last.ends_with(".sha512sum");
}

// Programs that unpack or store what they read: a download piped into them is used as is.
bool stores_or_unpacks(std::string_view p) {
  static constexpr std::array<std::string_view, 14> kPrograms{
      "tar",     "gunzip", "gzip",   "zcat", "xz",  "unxz", "bzip2",
      "bunzip2", "zstd",   "unzstd", "cpio", "tee", "dd",   "bsdtar"};
  for (std::string_view k : kPrograms) {
    if (p == k) return true;
  }
  return false;
}

// A request that fetches nothing to keep: HEAD, --spider, POST data, output to /dev/null.
bool is_probe_or_api_call(const shell::Invocation& inv) {
  for (const shell::Flag& f : inv.flags) {
    if (f.spelling == "-I" || f.spelling == "--head" || f.spelling == "--spider") return true;
    if (f.canonical == "data" || f.canonical == "form" || f.canonical == "upload-file") return true;
    if (f.canonical == "request" && f.value && !iequals(*f.value, "GET")) return true;
  }
  return inv.output && inv.output->text == "/dev/null";
}

// Whether the downloaded bytes are kept or used: saved to a file (by option or redirect), or
// piped into a program that unpacks or stores them. Output printed, parsed (`| jq`), imported
// as a key (`| gpg --dearmor`) or captured in `$(...)` is not an artifact.
bool keeps_artifact(const shell::Script& script, const shell::Invocation& inv) {
  const shell::Command& c = script.commands[inv.command_index];
  if (!writes_to_stdout(inv)) return true;
  if (c.in_substitution) return false;
  const bool piped_on =
      c.pipeline >= 0 &&
      std::any_of(script.commands.begin(), script.commands.end(), [&](const shell::Command& other) {
        return other.pipeline == c.pipeline && other.pipe_stage > c.pipe_stage;
      });
  // Standard output goes down the pipe: a redirect seen here belongs to a later command.
  static const std::vector<shell::Redirect> kNone;
  for (const shell::Redirect& r : piped_on ? kNone : c.redirects) {
    if ((r.op == ">" || r.op == ">>") && (!r.descriptor || *r.descriptor == 1) && r.target &&
        r.target->text() != "/dev/null") {
      return !is_verification_material(r.target->text());
    }
  }
  if (c.pipeline < 0) return false;
  for (std::size_t j = inv.command_index + 1; j < script.commands.size(); ++j) {
    const shell::Command& next = script.commands[j];
    if (next.pipeline != c.pipeline || next.pipe_stage != c.pipe_stage + 1) continue;
    const std::optional<shell::EffectiveCommand> e = shell::effective_command(next);
    return e && stores_or_unpacks(shell::program_name(e->program()));
  }
  return false;
}

// The URL to report for a download: the first that looks like one (`scheme://`, else a
// variable such as "$url"), unless it is local or verification material. An option value the
// reader took for a URL (`wget ${WGET_ARGS} https://...`) is passed over for a real URL.
const shell::Span* artifact_url(const shell::Invocation& inv) {
  const shell::Span* chosen = nullptr;
  for (const shell::Span& url : inv.urls) {
    if (url.text.find("://") != std::string::npos) {
      chosen = &url;
      break;
    }
  }
  if (chosen == nullptr) {
    for (const shell::Span& url : inv.urls) {
      if (url.text.starts_with("$") && url.text.find(' ') == std::string::npos) {
        chosen = &url;
        break;
      }
    }
  }
  if (chosen == nullptr || is_loopback_url(chosen->text) ||
      is_verification_material(chosen->text)) {
    return nullptr;
  }
  return chosen;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  // Whether each RUN (by its node's start) verifies anything, over all its shells (heredoc
  // scripts included).
  std::map<uint32_t, bool> verified;
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    if (shell.source.keyword != "RUN") continue;
    bool& v = verified[ts_node_start_byte(shell.source.instruction)];
    v = v || verifies_integrity(shell.script);
  }
  for (const shell::AnalyzedShell& shell : ctx.shells()) {
    if (shell.source.keyword != "RUN" || verified[ts_node_start_byte(shell.source.instruction)] ||
        !runs_in_posix_shell(ctx, shell.source.instruction)) {
      continue;
    }
    for (const shell::Invocation& inv : ctx.invocations(shell)) {
      if (inv.manager != shell::Manager::kCurl && inv.manager != shell::Manager::kWget) continue;
      if (inv.urls.empty() || is_probe_or_api_call(inv)) continue;
      // Piped into a shell: curl-pipe-shell's finding.
      if (executed_download(shell.script, inv)) continue;
      if (!keeps_artifact(shell.script, inv)) continue;
      if (inv.output && is_verification_material(inv.output->text)) continue;
      if (const shell::Span* url = artifact_url(inv)) {
        reporter.report(url->doc.covering.start, url->doc.covering.end,
                        fmt::format("'{}' is downloaded but this RUN never checks its checksum "
                                    "or signature (sha256sum -c, gpg --verify, cosign "
                                    "verify-blob)",
                                    url->text));
      }
    }
  }
}

}  // namespace

const Rule& rule_download_without_integrity_check() {
  static const Rule rule{
      {.slug = "download-without-integrity-check",
       .summary = "Verify downloaded files with a checksum or a signature",
       .severity = Severity::kWarning,
       .aliases = {},
       .fix = FixKind::kNone,
       .doc = {.what = "Reports `curl` and `wget` downloads in a `RUN` that never verifies "
                       "anything: no checksum check (`sha256sum -c`, `shasum -a 256 --check`, a "
                       "digest from `sha256sum` or `openssl sha256` compared in `[ ]` or piped "
                       "to `grep`) and no signature check "
                       "(`gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`, `rpm "
                       "--checksig`, `slsa-verifier`) anywhere in the same `RUN`. Only "
                       "downloads that are kept count: saved to a file or piped into `tar`, "
                       "`gunzip` and the like. Keys, signatures, checksum files and "
                       "repository definitions, requests whose output is printed, parsed or "
                       "captured in `$(...)`, `HEAD` and `POST` requests, and localhost are "
                       "not reported; a download piped into a shell is `curl-pipe-shell`'s. "
                       "`RUN`s in PowerShell or cmd (a `SHELL` that is not a POSIX shell, or "
                       "a Windows base image) are not read.",
               .why = "HTTPS proves who served the file, not that it is the file the "
                      "Dockerfile's author meant: a compromised release page, CDN or mirror, "
                      "or a re-tagged release, changes the image silently. A pinned checksum "
                      "(or a signature from a pinned key) makes the build fail instead.",
               .example = "FROM debian:bookworm-slim\n"
                          "RUN curl -fsSLo /usr/local/bin/tool "
                          "https://example.com/tool-1.2.3-linux-amd64 \\\n"
                          " && chmod +x /usr/local/bin/tool\n",
               .instead = "FROM debian:bookworm-slim\n"
                          "ARG TOOL_SHA256=4f2c0c9b3d5e8a1f6b7c2d9e0a3b4c5d6e7f8091a2b3c4d5e6f"
                          "708192a3b4c5d\n"
                          "RUN curl -fsSLo /usr/local/bin/tool "
                          "https://example.com/tool-1.2.3-linux-amd64 \\\n"
                          " && echo \"${TOOL_SHA256}  /usr/local/bin/tool\" | sha256sum -c - \\\n"
                          " && chmod +x /usr/local/bin/tool\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
