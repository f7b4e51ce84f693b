// add-remote-without-checksum: `ADD https://...` without `--checksum`, and `ADD` of a git
// repository at a ref that is not a commit.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

bool is_hex_commit(std::string_view ref) {
  return (ref.size() == 40 || ref.size() == 64) &&
         std::all_of(ref.begin(), ref.end(), [](char c) { return std::isxdigit(c) != 0; });
}

// The source as the build sees it: with variables, its value when every variable it uses has
// one (an ARG default, an ENV); nullopt when only the build knows it.
std::optional<std::string> source_value(const RuleContext& ctx, const PathOperand& p) {
  if (!uses_variable(p)) return std::string(strip_quotes(p.text));
  const model::InstructionInfo* info = ctx.model().instruction_at(ts_node_start_byte(p.node));
  if (info == nullptr) return std::nullopt;
  for (const model::Word& w : info->words) {
    if (ts_node_start_byte(w.node) != ts_node_start_byte(p.node) ||
        ts_node_end_byte(w.node) != ts_node_end_byte(p.node)) {
      continue;
    }
    const auto& uses = w.expansion.uses;
    const bool known = w.ok() && std::all_of(uses.begin(), uses.end(), [](const auto& u) {
                         return u.defined || u.has_fallback();
                       });
    if (known) return w.value();
    return std::nullopt;
  }
  return std::nullopt;
}

// A git source as BuildKit reads one for ADD: git:// and ssh:// URLs, scp-like `git@host:`,
// and http(s) URLs whose path ends in `.git`.
bool is_git(std::string_view url) {
  const std::string lower = ascii_lower(url);
  if (lower.starts_with("git://") || lower.starts_with("ssh://") || lower.starts_with("git@")) {
    return true;
  }
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return false;
  const std::string_view path = std::string_view(lower).substr(0, lower.find_first_of("#?"));
  return path.ends_with(".git") || path.ends_with(".git/");
}

bool is_http(std::string_view url) {
  const std::string lower = ascii_lower(url);
  return lower.starts_with("http://") || lower.starts_with("https://");
}

// What a git URL checks out, in words, or nullopt when it pins a commit: a `#<commit>`
// fragment, a `?ref=<commit>` query, or a `checksum=`/`commit=` query.
std::optional<std::string> git_moving_ref(std::string_view url) {
  std::string_view ref;
  std::string_view kind = "ref";
  const std::size_t hash = url.find('#');
  const std::size_t query = url.find('?');
  if (query != std::string_view::npos && (hash == std::string_view::npos || query < hash)) {
    std::string_view q =
        url.substr(query + 1, hash == std::string_view::npos ? hash : hash - query - 1);
    while (!q.empty()) {
      const std::string_view item = q.substr(0, q.find('&'));
      q.remove_prefix(std::min(q.size(), item.size() + 1));
      const std::size_t eq = item.find('=');
      const std::string_view key = item.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
      if (key == "checksum" || key == "commit") return std::nullopt;
      if (key == "ref" || key == "tag" || key == "branch") {
        ref = value;
        kind = key;
      }
    }
  }
  if (hash != std::string_view::npos) ref = url.substr(hash + 1, url.find(':', hash) - hash - 1);
  if (ref.empty()) return std::string("the default branch");
  if (is_hex_commit(ref)) return std::nullopt;
  return fmt::format("{} '{}'", kind, ref);
}

// A URL with a commit or digest as a path segment (`.../raw/<40 hex>/file`) names fixed
// content, as a checksum would.
bool content_addressed(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty()) {
    const std::size_t slash = url.find('/');
    if (is_hex_commit(url.substr(0, slash))) return true;
    if (slash == std::string_view::npos) break;
    url.remove_prefix(slash + 1);
  }
  return false;
}

// A detached signature (`.asc`, `.sig`, `.sigstore`, `.minisig`): a tampered one makes the
// verification fail, so it needs no checksum of its own. (A checksum file from the same server
// as the download does: whoever can replace one can replace both.)
bool is_signature(std::string_view url) {
  const std::string path = ascii_lower(url.substr(0, url.find_first_of("?#")));
  for (std::string_view ext : {".asc", ".sig", ".sign", ".sigstore", ".minisig"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

// Whether a RUN after `add` in its stage verifies the file it wrote: runs a checksum or
// signature tool (sha256sum, gpg --verify, cosign verify-blob, ...) and names the file.
bool verified_later(const RuleContext& ctx, TSNode add, std::string_view file) {
  if (file.empty()) return false;
  const uint32_t after = ts_node_end_byte(add);
  for (const SyntaxStage& stage : ctx.stages()) {
    if (ts_node_start_byte(stage.from) > after) break;
    for (TSNode i : stage.body) {
      if (ts_node_start_byte(i) < after || !is_type(i, "run_instruction")) continue;
      std::string_view text = ctx.text(i);
      // Each command of an `&&` / `;` list (a pipeline stays whole: `echo ... | sha256sum -c`).
      while (!text.empty()) {
        const std::size_t end = std::min(text.find("&&"), text.find(';'));
        const std::string_view command = text.substr(0, end);
        text.remove_prefix(std::min(text.size(), end == std::string_view::npos ? end : end + 1));
        if (command.find(file) == std::string_view::npos) continue;
        for (std::string_view tool : {"sha256sum", "sha512sum", "sha384sum", "sha1sum", "shasum",
                                      "md5sum", "gpg --verify", "gpg --batch --verify", "gpgv",
                                      "cosign verify", "minisign", "openssl dgst", "signify"}) {
          if (command.find(tool) != std::string_view::npos) return true;
        }
      }
    }
  }
  return false;
}

// The name of the file ADD writes: the destination's last component, or the URL's when the
// destination is a directory.
std::string_view written_file(std::string_view destination, std::string_view url) {
  std::string_view from = destination.ends_with('/') || destination == "." ? url : destination;
  from = from.substr(0, from.find_first_of("?#"));
  return from.substr(from.rfind('/') == std::string_view::npos ? 0 : from.rfind('/') + 1);
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("add_instruction")) {
    // --checksum verifies a download's sha256, or the commit a git ref resolves to.
    if (find_flag(ctx.document(), i, "checksum")) continue;
    std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    if (operands.size() < 2) continue;
    const std::string destination(strip_quotes(operands.back().text));
    operands.pop_back();
    for (const PathOperand& p : operands) {
      std::optional<std::string> url = source_value(ctx, p);
      // A download whose scheme and host are written out is one whatever the build puts in
      // its path; a git ref the build supplies may be a commit.
      const std::string written(strip_quotes(p.text));
      if (!url && is_http(written) && !is_git(written)) url = written;
      if (!url) continue;
      std::string shown = fmt::format("'{}'", written);
      if (*url != written) shown += fmt::format(" ('{}')", *url);
      if (is_git(*url)) {
        const std::optional<std::string> moving = git_moving_ref(*url);
        if (!moving) continue;
        reporter.report(p.node, fmt::format("ADD clones {} at {}, which can move to other "
                                            "code; pin a commit (#<commit> or "
                                            "--checksum=<commit>)",
                                            shown, *moving));
      } else if (is_http(*url) && !content_addressed(*url) && !is_signature(*url) &&
                 !verified_later(ctx, i, written_file(destination, *url))) {
        reporter.report(p.node, fmt::format("ADD downloads {} without --checksum, so the "
                                            "build accepts whatever the server sends",
                                            shown));
      }
    }
  }
}

}  // namespace

const Rule& rule_add_remote_without_checksum() {
  static const Rule rule{
      {.slug = "add-remote-without-checksum",
       .summary = "ADD of a URL needs --checksum; of a git repository, a commit",
       .severity = Severity::kWarning,
       .doc = {.what =
                   "Reports an `ADD` source that is an `http://` or `https://` URL when the "
                   "instruction has no `--checksum=sha256:...`, and a git repository "
                   "(`https://host/repo.git`, `git@host:repo.git`, `git://`, `ssh://`) "
                   "checked out at a branch, a tag or the default branch rather than a "
                   "commit: a 40-hex `#<commit>` fragment, a `?checksum=`/`?commit=` query "
                   "or `--checksum=<commit>` pin one. Sources built from variables are "
                   "judged by the values their `ARG` defaults and `ENV`s give them; a URL "
                   "written with its scheme is a download whatever the build puts in it, "
                   "and a git ref only the build supplies is left alone. Not reported either: a "
                   "download whose URL holds a commit or digest as a path segment "
                   "(`.../raw/<commit>/file`), a detached signature (`.asc`, `.sig`, "
                   "`.sigstore`: tampering makes verification fail), and one that a later "
                   "`RUN` of the stage "
                   "verifies (one of its commands names the file and runs `sha256sum`, "
                   "`gpg --verify`, `cosign verify-blob`, ...). There is no automatic "
                   "fix: the digest of a download must come from its publisher (or be "
                   "computed once with `sha256sum`).",
               .why = "Without a checksum the build trusts the network: a compromised server, "
                      "a mirror, or a release re-uploaded under the same name changes what "
                      "goes into the image without any change to the Dockerfile, and the "
                      "build cannot be reproduced. Branches and tags of a git repository move "
                      "the same way; a commit does not.",
               .example = "FROM alpine:3.24\n"
                          "ADD https://example.com/tool-1.2.tar.gz /tmp/tool.tar.gz\n",
               .instead = "FROM alpine:3.24\n"
                          "ADD --checksum=sha256:"
                          "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d "
                          "https://example.com/tool-1.2.tar.gz /tmp/tool.tar.gz\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
