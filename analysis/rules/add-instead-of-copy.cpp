// add-instead-of-copy: ADD used for local files, where COPY does the same without ADD's
// surprises (URL downloads, automatic archive extraction).
#include <fmt/format.h>

#include <array>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

bool is_remote(std::string_view source) {
  return source.find("://") != std::string_view::npos || source.starts_with("git@");
}

// ADD extracts local tar archives (recognised by content); these names say "archive", so ADD
// is likely deliberate.
bool looks_like_archive(std::string_view source) {
  constexpr std::array<std::string_view, 14> kSuffixes{
      ".tar", ".tar.gz",  ".tgz",  ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
      ".txz", ".tar.zst", ".tzst", ".gz",      ".bz2",  ".xz",  ".zst"};
  const std::string lower = ascii_lower(source);
  for (std::string_view s : kSuffixes) {
    if (lower.ends_with(s)) return true;
  }
  return false;
}

bool is_directory(std::string_view source) {
  return source == "." || source == "./" || source.ends_with('/');
}

// Flags only COPY lacks.
bool has_add_only_flag(const syntax::Document& doc, TSNode instruction) {
  for (std::string_view f : {"checksum", "keep-git-dir", "unpack"}) {
    if (find_flag(doc, instruction, f)) return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("add_instruction")) {
    if (has_add_only_flag(ctx.document(), i)) continue;
    std::vector<PathOperand> operands = path_operands(ctx.document(), i);
    std::size_t heredocs = 0;
    syntax::for_each_child_with_field(
        i, [&](TSNode, std::string_view f) { heredocs += f == "heredoc"; });
    // The last operand is the destination (heredoc sources have no path operand).
    if (operands.empty() || operands.size() + heredocs < 2) continue;
    operands.pop_back();
    bool skip = false;
    bool all_safe = true;
    for (const PathOperand& p : operands) {
      if (uses_variable(p) || is_remote(p.text) || looks_like_archive(p.text)) {
        skip = true;
      }
      all_safe = all_safe && is_directory(p.text);
    }
    if (skip) continue;
    const TSNode kw = keyword_node(i);
    const std::string_view written = ctx.text(kw);
    const std::string copy = written == ascii_lower(written) ? "copy" : "COPY";
    findings::Fix fix{"Replace ADD with COPY",
                      all_safe ? findings::Applicability::kSafe : findings::Applicability::kUnsafe,
                      {replace(kw, copy)}};
    reporter.report(kw,
                    "ADD copies local files like COPY but also downloads URLs and extracts "
                    "archives; use COPY",
                    std::move(fix));
  }
}

}  // namespace

const Rule& rule_add_instead_of_copy() {
  static const Rule rule{
      {.slug = "add-instead-of-copy",
       .summary = "Use COPY instead of ADD for local files",
       .severity = Severity::kWarning,
       .aliases = {"DL3020", "DS005", "CKV_DOCKER_4"},
       .fix = FixKind::kSafeOrUnsafe,
       .doc = {.what = "Reports `ADD` whose sources are all local files, directories or "
                       "heredocs. `ADD` from URLs or git, of files named like archives "
                       "(`.tar.gz`, `.tgz`, ...), with variables in a source, or with "
                       "ADD-only flags (`--checksum`, `--keep-git-dir`, `--unpack`) is left "
                       "alone: there `ADD` does something `COPY` cannot.",
               .why = "`ADD` has hidden behaviours: a source that is a tar archive is "
                      "extracted, and a URL is downloaded. Using it for plain files makes "
                      "readers (and reviewers of a later change to the source) wonder which "
                      "one is intended; `COPY` does exactly one thing.",
               .example = "FROM alpine:3.20\nADD requirements.txt /app/\n",
               .instead = "FROM alpine:3.20\nCOPY requirements.txt /app/\n",
               .fix = "Replaces `ADD` with `COPY`. Safe when every source is a directory "
                      "(ends with `/` or is `.`) or a heredoc; otherwise unsafe, because a "
                      "source file that is a tar archive by content (whatever its name) is "
                      "extracted by `ADD` and copied as is by `COPY`."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
