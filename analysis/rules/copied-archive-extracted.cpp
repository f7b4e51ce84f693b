// copied-archive-extracted: a local tar archive brought in with COPY and unpacked by tar in a
// later RUN of the same stage, where ADD (or a bind mount) would not keep the archive in a
// layer.
#include <fmt/format.h>

#include <array>
#include <set>

#include "rules/final_image.h"
#include "rules/node_util.h"
#include "rules/run_commands.h"

namespace whalesafe::rules {
namespace {

std::string_view base_name(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Tar archives ADD unpacks: uncompressed, gzip, bzip2 or xz (not zip, not zstd).
bool is_tar_archive(std::string_view name) {
  constexpr std::array<std::string_view, 8> kSuffixes{".tar",  ".tar.gz", ".tgz",    ".tar.bz2",
                                                      ".tbz2", ".tbz",    ".tar.xz", ".txz"};
  const std::string lower = ascii_lower(name);
  for (std::string_view s : kSuffixes) {
    if (lower.size() > s.size() && lower.ends_with(s)) return true;
  }
  return false;
}

// False when no operand of the instruction can end in a tar suffix: each suffix starts with
// ".tar", ".tgz", ".tbz" or ".txz" (either case), and a JSON string could only spell one
// otherwise with a `\u` escape. Most COPY instructions are ruled out here without reading
// their operands.
bool may_name_tar_archive(std::string_view instruction) {
  if (instruction.find("\\u") != std::string_view::npos) return true;
  for (std::size_t dot = instruction.find('.'); dot != std::string_view::npos;
       dot = instruction.find('.', dot + 1)) {
    const std::string_view next = instruction.substr(dot + 1, 3);
    if (iequals(next, "tar") || iequals(next, "tgz") || iequals(next, "tbz") ||
        iequals(next, "txz")) {
      return true;
    }
  }
  return false;
}

// A tar command that extracts a whole archive file and nothing more: what ADD does. Options
// that ADD cannot express (--strip-components, --exclude, member operands, -O to stdout, ...)
// leave `plain` false.
struct TarExtract {
  bool extract = false;
  bool plain = true;
  const shell::Word* file = nullptr;
};

// Short options that change nothing ADD would do differently: compression, verbosity,
// ownership and permission handling.
bool harmless_letter(char c) {
  return c == 'z' || c == 'j' || c == 'J' || c == 'v' || c == 'p' || c == 'o' || c == 'a';
}

bool harmless_long(std::string_view o) {
  for (std::string_view h : {"--gzip", "--gunzip", "--ungzip", "--bzip2", "--xz", "--verbose",
                             "--no-same-owner", "--same-owner", "--preserve-permissions",
                             "--same-permissions", "--no-same-permissions", "--auto-compress"}) {
    if (o == h) return true;
  }
  return false;
}

TarExtract read_tar(const RunCommand& rc) {
  TarExtract t;
  const std::vector<const shell::Word*> args = rc.arguments();
  bool options_done = false;
  for (std::size_t i = 0; i < args.size() && t.plain; ++i) {
    const std::string& a = args[i]->text();
    // `tar xzf file`: the first word may be a dash-less cluster of letters.
    const bool old_style =
        i == 0 && !a.empty() && a.find_first_not_of("xzjJvpoafC") == std::string::npos;
    if (options_done || (!old_style && (a.size() < 2 || a[0] != '-'))) {
      t.plain = false;  // a member operand: only part of the archive
    } else if (a == "--") {
      options_done = true;
    } else if (a == "--extract" || a == "--get") {
      t.extract = true;
    } else if (a == "--file" || a == "--directory") {
      if (++i >= args.size()) t.plain = false;
      if (a == "--file" && t.plain) t.file = args[i];
    } else if (a.starts_with("--file=") || a.starts_with("--directory=")) {
      if (a.starts_with("--file=")) t.plain = false;  // the value is not a word of its own
    } else if (a.starts_with("--")) {
      t.plain = harmless_long(a);
    } else {
      for (std::size_t k = old_style ? 0 : 1; k < a.size() && t.plain; ++k) {
        const char c = a[k];
        if (c == 'x') {
          t.extract = true;
        } else if (c == 'f' || c == 'C') {
          // The value is the rest of the word, or the next word.
          if (k + 1 < a.size()) {
            t.plain = c == 'C';  // `-fNAME` is not a word to compare; `-C/dir` is fine
          } else if (++i < args.size()) {
            if (c == 'f') t.file = args[i];
          } else {
            t.plain = false;
          }
          break;
        } else if (!harmless_letter(c)) {
          t.plain = false;
        }
      }
    }
  }
  return t;
}

struct CopiedArchive {
  TSNode operand{};
  std::string source_name;  // base name of the source
  std::string dest_name;    // base name of the destination when it names an archive file
  bool reported = false;
};

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<RunCommand>& commands = run_commands(ctx);
  for (std::size_t index : final_image_stages(ctx)) {
    if (index >= ctx.stages().size()) continue;
    std::vector<CopiedArchive> archives;
    for (TSNode i : ctx.stages()[index].body) {
      if (is_type(i, "copy_instruction") && may_name_tar_archive(ctx.text(i)) &&
          !find_flag(ctx.document(), i, "from")) {
        std::vector<PathOperand> operands = path_operands(ctx.document(), i);
        if (operands.size() < 2) continue;
        const PathOperand dest = operands.back();
        operands.pop_back();
        for (const PathOperand& p : operands) {
          if (uses_variable(p) || !is_tar_archive(p.text)) continue;
          CopiedArchive a{p.node, std::string(base_name(p.text)), "", false};
          if (operands.size() == 1 && !uses_variable(dest) && !dest.text.ends_with('/') &&
              is_tar_archive(dest.text)) {
            a.dest_name = base_name(dest.text);
          }
          archives.push_back(std::move(a));
        }
        continue;
      }
      if (!is_type(i, "run_instruction") || archives.empty()) continue;
      for (const RunCommand& rc : commands) {
        if (rc.program != "tar" || rc.shell->source.onbuild ||
            !ts_node_eq(rc.shell->source.instruction, i)) {
          continue;
        }
        const TarExtract t = read_tar(rc);
        if (!t.extract || !t.plain || t.file == nullptr || !t.file->is_static()) continue;
        const std::string_view name = base_name(t.file->text());
        for (CopiedArchive& a : archives) {
          if (a.reported || (name != a.source_name && name != a.dest_name)) continue;
          a.reported = true;
          reporter.report(
              a.operand,
              fmt::format("{} is copied here and unpacked by tar on line {}, so the archive "
                          "stays in this COPY's layer; ADD unpacks a local tar archive itself, "
                          "or mount it for the RUN with --mount=type=bind",
                          a.source_name,
                          ctx.document().line_col(rc.program_word().doc.covering.start).line));
        }
      }
    }
  }
}

}  // namespace

const Rule& rule_copied_archive_extracted() {
  static const Rule rule{
      {.slug = "copied-archive-extracted",
       .summary = "Unpack a local archive with ADD or a bind mount, not COPY then tar",
       .severity = Severity::kInfo,
       .enabled_by_default = false,
       .aliases = {"DL3010"},
       .doc = {.what =
                   "Reports a local tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, "
                   "`.tbz2`, `.tbz`, `.tar.xz`, `.txz`) that `COPY` brings into a stage of the "
                   "final image and a later `RUN` of the same stage unpacks whole with `tar -x` "
                   "(compression, verbosity, `-C` and ownership options allowed). Not reported: "
                   "`COPY --from`, archives unpacked only in part or differently "
                   "(`--strip-components`, `--exclude`, member names, to stdout), and zip or "
                   "zstd files, which ADD does not unpack (hadolint's DL3010 also counts "
                   "`unzip`, `gunzip` and the like). Off by default, because it pulls against "
                   "`add-instead-of-copy`: that rule asks for `COPY` because `ADD` silently "
                   "unpacks archives and fetches URLs, and this one recommends `ADD` for exactly "
                   "that unpacking. `add-instead-of-copy` leaves `ADD` of a source named like an "
                   "archive alone, so following this rule does not trigger it; a bind mount "
                   "avoids the question. Turn it on when image size matters more than keeping "
                   "`ADD` out of the Dockerfile.",
               .why = "`COPY` writes the archive into a layer of its own; unpacking it in a later "
                      "`RUN`, even followed by `rm`, only adds another layer, so the image ships "
                      "the archive and its contents. `ADD app.tar.gz /opt/` writes only the "
                      "contents. `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz "
                      "tar -xzf /tmp/app.tar.gz -C /opt` does the same with an explicit `tar`, "
                      "without `ADD`'s implicit behaviour.",
               .example = "FROM debian:bookworm-slim\nCOPY app.tar.gz /tmp/\n"
                          "RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n",
               .instead = "FROM debian:bookworm-slim\nRUN --mount=type=bind,source=app.tar.gz,"
                          "target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
